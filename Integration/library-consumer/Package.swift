// swift-tools-version: 6.2
// A lab's own tool that uses sci's modules as libraries, the way the seeds use the Python clients.
import PackageDescription

let package = Package(
    name: "LabTool",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "sci", path: "../..")],
    targets: [
        .executableTarget(
            name: "LabTool",
            dependencies: [
                .product(name: "Henry", package: "sci"), .product(name: "HippoServer", package: "sci"),
                .product(name: "AstroPipeline", package: "sci"), .product(name: "Butler", package: "sci"),
                .product(name: "Dials", package: "sci"), .product(name: "SciCore", package: "sci"),
                .product(name: "Tiled", package: "sci"),
            ]),
    ]
)
