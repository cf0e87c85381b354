import ButlerPipelines
import Foundation

/// A task for failure and resume tests: copies `inputImage`, and fails on exposure `failExposure` while the file
/// `failMarker` exists, as a quantum would fail on bad data until it is fixed. On exposure `unwritableExposure` it
/// hands over an int16 image whose header holds a NaN: an integer image's file is made only as it is written, so
/// under `LocalExecutor` that fails on the worker's writer thread, after the task returned.
struct FlakyTask: PipelineTask {
    static let classNames = ["tests.FlakyTask"]
    static let configKeys: Set<String> = ["failMarker", "failExposure", "unwritableExposure"]
    static var defaultConnections: TaskConnections {
        let dims = ["instrument", "exposure", "detector"]
        return TaskConnections(
            dimensions: dims,
            inputs: [Connection(name: "inputImage", datasetType: "rawexp", dimensions: dims, storageClass: "SPHERExImage")],
            outputs: [Connection(name: "outputImage", datasetType: "copied", dimensions: dims, storageClass: "SPHERExImage")])
    }

    let marker: String
    let exposure: Int
    let unwritable: Int

    init(config: TaskConfig) throws {
        marker = config.string("failMarker", default: "")
        exposure = try config.int("failExposure", default: -1)
        unwritable = try config.int("unwritableExposure", default: -1)
    }

    func run(_ quantum: QuantumContext) throws {
        if case .int(let value) = quantum.dataId["exposure"], value == exposure, FileManager.default.fileExists(atPath: marker) {
            throw PipelineError.quantumFailed("exposure \(value) is bad")
        }
        var image = try quantum.image("inputImage")
        if case .int(let value) = quantum.dataId["exposure"], value == unwritable {
            image.header.setValue(.double(.nan), forKey: "BADVALUE")
            image = TaskImage(pixels: image.pixels, header: image.header, pixelType: .int16)
        }
        try quantum.put(image, as: "outputImage")
    }
}
