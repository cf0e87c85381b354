import SciFITS

/// The SPHEREx POC's SubtractTask: two images of the same data ID in (`inputImage`, `subtractImage`), their
/// difference out (`outputImage`), with the first input's header (WCS included) and pixel type, and the comment
/// "Dark current subtracted". Config: `inputHDUNum`, `subtractHDUNum` (the HDUs read, 0 by default) and the
/// connections' dataset types, which ExamplePipeline.yaml sets to rawexp, dark and postDark. Beyond the POC,
/// `dimensions` (comma-separated) sets the quanta's dimensions, `subtractDimensions` those of the image subtracted
/// (fewer for a stack or a per-detector dark) and `storageClass` the images' storage class.
public struct SubtractTask: PipelineTask {
    /// The POC's class name first, then sci's own.
    public static let classNames = ["spherex.tasks.SubtractTask", "spherex.tasks.subtract.SubtractTask", "sci.SubtractTask"]
    /// The HDU numbers.
    public static let configKeys: Set<String> = ["inputHDUNum", "subtractHDUNum", "dimensions", "subtractDimensions", "storageClass"]

    /// As the POC's `SubtractTaskConnections`: everything over instrument, exposure, detector.
    public static var defaultConnections: TaskConnections {
        let dims = ["instrument", "exposure", "detector"]
        return TaskConnections(
            dimensions: dims,
            inputs: [
                Connection(name: "inputImage", datasetType: "intype", dimensions: dims, storageClass: "SPHERExImage"),
                Connection(name: "subtractImage", datasetType: "subtracttype", dimensions: dims, storageClass: "SPHERExImage"),
            ],
            outputs: [Connection(name: "outputImage", datasetType: "postsubtracttype", dimensions: dims, storageClass: "SPHERExImage")])
    }

    /// The connections with the configured dimensions and storage class, dataset types renamed.
    public static func connections(for config: TaskConfig) throws -> TaskConnections {
        func list(_ key: String, _ fallback: [String]) -> [String] {
            guard let text = config.values[key] else { return fallback }
            return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let dims = list("dimensions", defaultConnections.dimensions)
        let subtractDims = list("subtractDimensions", dims)
        guard !dims.isEmpty, Set(dims).isSuperset(of: subtractDims) else {
            throw PipelineError.invalidConfig(
                "\(config.label): subtractDimensions (\(subtractDims.joined(separator: ", "))) must be among dimensions (\(dims.joined(separator: ", ")))")
        }
        let storageClass = config.string("storageClass", default: "SPHERExImage")
        var connections = defaultConnections
        connections.dimensions = dims.sorted()
        connections.inputs[0].dimensions = dims.sorted()
        connections.inputs[1].dimensions = subtractDims.sorted()
        connections.outputs[0].dimensions = dims.sorted()
        for index in connections.inputs.indices { connections.inputs[index].storageClass = storageClass }
        connections.outputs[0].storageClass = storageClass
        return try connections.renamed(by: config)
    }

    /// The HDU of the input image.
    public let inputHDU: Int
    /// The HDU of the image subtracted.
    public let subtractHDU: Int

    /// Reads the HDU numbers.
    public init(config: TaskConfig) throws {
        inputHDU = try config.int("inputHDUNum", default: 0)
        subtractHDU = try config.int("subtractHDUNum", default: 0)
        guard inputHDU >= 0, subtractHDU >= 0 else {
            throw PipelineError.invalidConfig("\(config.label): HDU numbers start at 0 (inputHDUNum \(inputHDU), subtractHDUNum \(subtractHDU))")
        }
    }

    /// Subtracts.
    public func run(_ quantum: QuantumContext) throws {
        let input = try quantum.image("inputImage", hdu: inputHDU)
        let subtract = try quantum.image("subtractImage", hdu: subtractHDU)
        guard input.pixels.width == subtract.pixels.width, input.pixels.height == subtract.pixels.height else {
            throw PipelineError.quantumFailed(
                "\(quantum.label) \(quantum.dataId): the images differ in shape "
                    + "(\(input.pixels.width)×\(input.pixels.height) and \(subtract.pixels.width)×\(subtract.pixels.height))")
        }
        var header = input.header
        header.addComment("Dark current subtracted")
        let a = input.pixels.pixels
        let b = subtract.pixels.pixels
        let difference = [Double](unsafeUninitializedCapacity: a.count) { buffer, count in
            for index in 0..<a.count { buffer[index] = a[index] - b[index] }
            count = a.count
        }
        // Float images stay in their type (float32 minus float32 rounds as numpy does); integers become float64,
        // which holds every difference exactly.
        let type: FITSPixelType = input.pixelType == .float32 && subtract.pixelType == .float32 ? .float32 : .float64
        try quantum.put(
            TaskImage(pixels: FITSImage(width: input.pixels.width, height: input.pixels.height, pixels: difference), header: header, pixelType: type),
            as: "outputImage")
    }
}
