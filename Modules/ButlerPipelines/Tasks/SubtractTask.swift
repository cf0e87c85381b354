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
        guard input.width == subtract.width, input.height == subtract.height else {
            throw PipelineError.quantumFailed(
                "\(quantum.label) \(quantum.dataId): the images differ in shape "
                    + "(\(input.width)×\(input.height) and \(subtract.width)×\(subtract.height))")
        }
        var header = input.header
        header.addComment("Dark current subtracted")
        // Float images stay in their type: float32 minus float32 in Float rounds as numpy does (and as Double
        // rounded to float32 would); integers become float64, which holds every difference exactly.
        if let a = input.float32Pixels, let b = subtract.float32Pixels {
            let difference = Self.difference(a.pixels, b.pixels)
            try quantum.put(
                TaskImage(float32Pixels: FITSImage(width: a.width, height: a.height, pixels: difference), header: header), as: "outputImage")
            return
        }
        let a = input.pixels
        let difference = Self.difference(a.pixels, subtract.pixels.pixels)
        let type: FITSPixelType = input.pixelType == .float32 && subtract.pixelType == .float32 ? .float32 : .float64
        try quantum.put(
            TaskImage(pixels: FITSImage(width: a.width, height: a.height, pixels: difference), header: header, pixelType: type), as: "outputImage")
    }

    private static func difference<T: FloatingPoint>(_ a: [T], _ b: [T]) -> [T] {
        [T](unsafeUninitializedCapacity: a.count) { buffer, count in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    for index in 0..<a.count { buffer[index] = a[index] - b[index] }
                }
            }
            count = a.count
        }
    }
}
