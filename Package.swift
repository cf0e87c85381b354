// swift-tools-version: 6.2
import PackageDescription

// Every target of sci is built in Swift 6 language mode with strict concurrency; `any` is spelled out, and an import
// is internal unless marked `public import`, so a module's API says which other modules it exposes.
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// A system library found through pkg-config, with the Debian package that provides it.
func system(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, path: "Modules/System/\(name)", pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "sci",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sci", targets: ["sci"]),
        .library(name: "SciCore", targets: ["SciCore"]),
        .library(name: "SciHTTP", targets: ["SciHTTP"]),
        .library(name: "SciFITS", targets: ["SciFITS"]),
        .library(name: "SciXML", targets: ["SciXML"]),
        .library(name: "SciCLI", targets: ["SciCLI"]),
        .library(name: "Butler", targets: ["Butler"]),
        .library(name: "ButlerPipelines", targets: ["ButlerPipelines"]),
        .library(name: "HippoServer", targets: ["HippoServer"]),
        .library(name: "AstroPipeline", targets: ["AstroPipeline"]),
        .library(name: "Henry", targets: ["Henry"]),
        .library(name: "HippoMeta", targets: ["HippoMeta"]),
        .library(name: "Dials", targets: ["Dials"]),
        .library(name: "Tiled", targets: ["Tiled"]),
        .library(name: "SciS3", targets: ["SciS3"]),
        .library(name: "SciPostgres", targets: ["SciPostgres"]),
        .library(name: "SciSky", targets: ["SciSky"]),
        .library(name: "SciBatch", targets: ["SciBatch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Hummingbird's own NIO, named because the test servers use its byte buffers directly.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The registry's web pages: logic-less templates that HTML-escape every value unless told otherwise.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // SHA-256 (API key hashes), HMAC-SHA256 (signed upload and download URLs) and SHA-1 (Butler's name-based UUIDs).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // `make docs`: API documentation with DocC.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        system("CXXHash", pkgConfig: "libxxhash", apt: "libxxhash-dev"),
        system("CCurl", pkgConfig: "libcurl", apt: "libcurl4-openssl-dev"),
        system("CFITSIO", pkgConfig: "cfitsio", apt: "libcfitsio-dev"),
        system("CLibXML2", pkgConfig: "libxml-2.0", apt: "libxml2-dev"),
        system("CLibPQ", pkgConfig: "libpq", apt: "libpq-dev"),
        // fork/exec with a parent-death signal for AstroPipeline's programs (posix_spawn cannot set one).
        .target(name: "CChildProcess", path: "Modules/System/CChildProcess"),

        .target(
            name: "SciCore",
            dependencies: ["CXXHash", .product(name: "Logging", package: "swift-log")],
            path: "Modules/SciCore", swiftSettings: settings),
        .target(name: "SciHTTP", dependencies: ["SciCore", "CCurl", .product(name: "Logging", package: "swift-log")], path: "Modules/SciHTTP", swiftSettings: settings),
        .target(name: "SciFITS", dependencies: ["SciCore", "CFITSIO"], path: "Modules/SciFITS", swiftSettings: settings),
        .target(name: "SciXML", dependencies: ["SciCore", "CLibXML2"], path: "Modules/SciXML", swiftSettings: settings),
        // Sphere geometry: regions, HTM and HEALPix sky pixels, and image outlines from a FITS WCS (pure Swift).
        .target(name: "SciSky", dependencies: ["SciCore", "SciFITS"], path: "Modules/SciSky", swiftSettings: settings),
        // An S3 client (Signature V4 by hand with swift-crypto, so presigned URLs and requests share one signer).
        .target(
            name: "SciS3", dependencies: ["SciCore", "SciHTTP", .product(name: "Crypto", package: "swift-crypto")],
            path: "Modules/SciS3", swiftSettings: settings),
        // A PostgreSQL connection on libpq (a system library: it builds in seconds, where postgres-nio would build
        // BoringSSL), so libpq's own conventions hold: PGPASSWORD, ~/.pgpass, sslmode, PG* variables.
        .target(name: "SciPostgres", dependencies: ["SciCore", "CLibPQ"], path: "Modules/SciPostgres", swiftSettings: settings),
        // Batch systems below the pipelines that submit to them: Slurm job arrays, afterok dependencies, the job ids
        // kept for a resumed run, and Slurm's reasons (`sci pipeline run` and `sci butler run --executor slurm`).
        .target(name: "SciBatch", dependencies: ["SciCore"], path: "Modules/SciBatch", swiftSettings: settings),
        .target(
            name: "SciCLI",
            dependencies: [
                "SciCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Modules/SciCLI", swiftSettings: settings),
        .target(
            name: "Butler",
            dependencies: [
                "SciCore", "SciFITS", "SciHTTP", "SciS3", "SciSky", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Yams", package: "Yams"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
                "SciPostgres",
            ],
            path: "Modules/Butler", swiftSettings: settings),
        // Pipelines above the butler: tasks, quantum graphs and their execution (`sci butler qgraph`, `sci butler run`).
        .target(name: "ButlerPipelines", dependencies: ["Butler", "SciBatch", "SciCore", "SciFITS", .product(name: "Yams", package: "Yams")], path: "Modules/ButlerPipelines", swiftSettings: settings),
        .target(
            name: "ButlerPipelinesPlugin",
            dependencies: ["ButlerPipelines", "Butler", "SciBatch", "SciCLI", "SciCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Plugins/ButlerPipelinesPlugin", swiftSettings: settings),
        .target(name: "ButlerPlugin", dependencies: ["Butler", "SciCLI", "SciCore", .product(name: "ArgumentParser", package: "swift-argument-parser")], path: "Plugins/ButlerPlugin", swiftSettings: settings),
        // hippometa's metadata types, shared by the registry server and the client so both validate alike.
        .target(name: "HippoMeta", dependencies: ["SciCore"], path: "Modules/HippoMeta", swiftSettings: settings),
        .target(
            name: "Henry",
            dependencies: [
                "SciCore", "SciHTTP", "SciFITS", "HippoMeta", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Modules/Henry", swiftSettings: settings),
        .target(
            name: "HippoServer",
            dependencies: [
                "SciCore", "HippoMeta", "SciHTTP", "SciS3", "SciPostgres", "SciFITS", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Modules/HippoServer", swiftSettings: settings),
        .target(
            name: "HenryPlugin",
            dependencies: ["SciCLI", "SciCore", "HippoServer", "Henry", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Plugins/HenryPlugin", swiftSettings: settings),
        .executableTarget(
            name: "sci", dependencies: ["SciCLI", "HenryPlugin", "ButlerPlugin", "ButlerPipelinesPlugin", "PipelinePlugin", "DialsPlugin", "TiledPlugin"], path: "Modules/sci",
            swiftSettings: settings),
        .target(
            name: "AstroPipeline",
            dependencies: ["SciBatch", "SciCore", "SciFITS", "SciXML", "CChildProcess", .product(name: "Yams", package: "Yams")],
            path: "Modules/AstroPipeline", swiftSettings: settings),
        .target(name: "Tiled", dependencies: ["SciCore", "SciHTTP", "SciFITS", .product(name: "Logging", package: "swift-log")], path: "Modules/Tiled", swiftSettings: settings),
        .target(name: "TiledPlugin", dependencies: ["Tiled", "SciCLI", "SciCore", "SciHTTP", .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log")], path: "Plugins/TiledPlugin", swiftSettings: settings),
        .target(name: "PipelinePlugin", dependencies: ["AstroPipeline", "SciBatch", "SciCLI", "SciCore", .product(name: "ArgumentParser", package: "swift-argument-parser")], path: "Plugins/PipelinePlugin", swiftSettings: settings),

        .target(
            name: "Dials", dependencies: ["SciCore", "SciHTTP", .product(name: "Logging", package: "swift-log")],
            path: "Modules/Dials", swiftSettings: settings),
        .target(name: "DialsPlugin", dependencies: ["Dials", "SciCLI", "SciCore", "SciHTTP", .product(name: "ArgumentParser", package: "swift-argument-parser")], path: "Plugins/DialsPlugin", swiftSettings: settings),
        // A DIALS server with generated data and injected faults, for the cmsdials peer case and the benchmark.
        .executableTarget(
            name: "dials-fixture-server", dependencies: ["TestSupport"], path: "Tests/DialsFixtureServer",
            swiftSettings: settings),

        // Benchmarks drive the libraries directly; `make bench` runs them beside the peers.
        .executableTarget(
            name: "sci-bench", dependencies: ["SciCore", "SciHTTP"], path: "Integration/bench/SciBench",
            swiftSettings: settings),
        // A loopback HTTP server for benchmarks and integration cases, the same one the tests use.
        .executableTarget(
            name: "sci-test-server", dependencies: ["TestSupport"], path: "Tests/TestServer", swiftSettings: settings),

        .target(
            name: "TestSupport",
            dependencies: [
                "SciCore", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport", swiftSettings: settings),
        .testTarget(name: "SciCoreTests", dependencies: ["SciCore", "TestSupport"], swiftSettings: settings),
        .testTarget(name: "SciHTTPTests", dependencies: ["SciHTTP", "SciCore", "TestSupport", .product(name: "Logging", package: "swift-log")], swiftSettings: settings),
        .testTarget(
            name: "SciFITSTests", dependencies: ["SciFITS", "SciCore", "TestSupport"], resources: [.copy("Fixtures")], swiftSettings: settings),
        .testTarget(
            name: "SciSkyTests", dependencies: ["SciSky", "SciFITS", "SciCore"], resources: [.copy("Fixtures")], swiftSettings: settings),
        .testTarget(
            name: "SciXMLTests", dependencies: ["SciXML", "SciCore", "TestSupport"], resources: [.copy("Fixtures")], swiftSettings: settings),
        .testTarget(
            name: "SciS3Tests",
            dependencies: [
                "SciS3", "SciCore", "SciHTTP", "TestSupport", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: settings),
        .testTarget(
            name: "SciPostgresTests", dependencies: ["SciPostgres", "SciCore", "TestSupport"], swiftSettings: settings),
        .testTarget(name: "SciCLITests", dependencies: ["SciCLI", "SciCore", "TestSupport", .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log")], swiftSettings: settings),
        .testTarget(name: "ButlerTests", dependencies: [
            "Butler", "SciCore", "SciFITS", "SciHTTP", "SciPostgres", "SciS3", "SciSky", "TestSupport", .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
        ], swiftSettings: settings),
        .testTarget(
            name: "ButlerPipelinesTests", dependencies: ["ButlerPipelines", "ButlerPipelinesPlugin", "Butler", "SciBatch", "SciCLI", "SciCore", "SciFITS", "TestSupport"],
            swiftSettings: settings),
        .testTarget(name: "AstroPipelineTests", dependencies: ["AstroPipeline", "SciBatch", "SciCore", "TestSupport"], swiftSettings: settings),
        .testTarget(name: "PipelinePluginTests", dependencies: ["PipelinePlugin", "AstroPipeline", "SciBatch", "SciCLI", "SciCore", "TestSupport"], swiftSettings: settings),
        .testTarget(name: "ButlerPluginTests", dependencies: ["ButlerPlugin", "Butler", "SciCLI", "SciCore", "SciS3", "TestSupport"], swiftSettings: settings),
        .testTarget(name: "DialsTests", dependencies: ["Dials", "SciCore", "SciHTTP", "TestSupport"], swiftSettings: settings),
        .testTarget(
            name: "HenryTests", dependencies: ["Henry", "HippoMeta", "HippoServer", "SciCore", "SciFITS", "SciS3", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: settings),
        .testTarget(
            name: "TiledTests",
            dependencies: [
                "Tiled", "SciCore", "SciHTTP", "SciFITS", "TestSupport", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: settings),
        .testTarget(name: "HippoMetaTests", dependencies: ["HippoMeta", "SciCore"], swiftSettings: settings),
        .testTarget(
            name: "HenryPluginTests",
            dependencies: [
                "HenryPlugin", "Henry", "SciCLI", "SciCore", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings),
        .testTarget(
            name: "TiledPluginTests",
            dependencies: [
                "TiledPlugin", "Tiled", "SciCLI", "SciCore", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings),
        .testTarget(
            name: "HippoServerTests", dependencies: ["HippoServer", "SciCore", "SciHTTP", "SciS3", "SciPostgres", "SciFITS", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log")], swiftSettings: settings),
    ]
)
