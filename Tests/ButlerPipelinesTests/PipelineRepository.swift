import Butler
import ButlerPipelines
import Foundation
import SciFITS
import TestSupport

/// A repository with the SPHEREx POC's universe (instrument, detector, exposure), `rawexp` and `dark` float32 images
/// per exposure and detector in RUNs `rawexpr` and `darkr`, and a per-detector `flat` in `flatr`. Pixel values
/// encode the data ID, so a difference can be checked exactly.
struct PipelineRepository {
    let folder: TemporaryDirectory
    let butler: Butler

    static let dimensions = """
        version: 1
        namespace: spherex_poc
        skypix: {common: htm7, htm: {class: lsst.sphgeom.HtmPixelization, max_level: 24}}
        elements:
          instrument:
            keys: [{name: name, type: string, length: 32}]
            governor: true
          detector:
            keys: [{name: id, type: int}, {name: full_name, type: string, length: 32}]
            requires: [instrument]
          exposure:
            keys: [{name: id, type: int}, {name: name, type: string, length: 64}]
            requires: [instrument]
        """
    static let seed = """
        datastore:
          templates:
            default: "{run:/}/{datasetType}.{component:?}/{exposure:?}/{datasetType}_{component:?}_{instrument:?}_{exposure:?}_{detector:?}_{run}"
        """
    static let examplePipeline = """
        description: ExamplePipeline
        tasks:
          subtract:
            class: spherex.tasks.SubtractTask
            config:
              connections.inputImage: 'rawexp'
              connections.subtractImage: 'dark'
              connections.outputImage: 'postDark'
        """

    /// The raw pixel at `index` of exposure `exposure`, detector `detector`.
    static func raw(_ exposure: Int, _ detector: Int, _ index: Int) -> Float { Float(1000 + exposure * 10 + detector) + Float(index) * 0.25 }
    /// The dark pixel.
    static func dark(_ exposure: Int, _ detector: Int, _ index: Int) -> Float { Float(exposure + detector) * 0.5 + Float(index % 7) }
    /// The flat pixel (per detector).
    static func flat(_ detector: Int, _ index: Int) -> Float { Float(detector) * 100 }

    /// Makes the repository; `missingDarks` lists (exposure, detector) pairs left without a dark.
    init(exposures: Int = 3, detectors: Int = 2, missingDarks: Set<[Int]> = [], size: Int = 8) throws {
        folder = try TemporaryDirectory("sci-pipelines")
        butler = try Butler.create(root: folder.file("repo"), seedConfig: Self.seed, universe: try DimensionUniverse(yaml: Self.dimensions))
        let registry = butler.registry
        try registry.insertDimensionRecords("instrument", [["name": .string("SPHEREx")]])
        try registry.insertDimensionRecords(
            "detector", (1...detectors).map { ["instrument": .string("SPHEREx"), "id": .int(Int64($0)), "full_name": .string("array\($0)")] })
        try registry.insertDimensionRecords(
            "exposure", (1...exposures).map { ["instrument": .string("SPHEREx"), "id": .int(Int64($0)), "name": .string(String(format: "%06d", $0))] })
        for name in ["rawexp", "dark"] {
            try registry.registerDatasetType(DatasetType(name: name, dimensions: ["instrument", "exposure", "detector"], storageClass: "SPHERExImage"))
        }
        try registry.registerDatasetType(DatasetType(name: "flat", dimensions: ["instrument", "detector"], storageClass: "SPHERExImage"))
        try FileManager.default.createDirectory(atPath: folder.file("files"), withIntermediateDirectories: true)
        var raws: [FileToIngest] = []
        var darks: [FileToIngest] = []
        var flats: [FileToIngest] = []
        for exposure in 1...exposures {
            for detector in 1...detectors {
                let dataId: DataId = ["instrument": "SPHEREx", "exposure": .int(Int64(exposure)), "detector": .int(Int64(detector))]
                raws.append(FileToIngest(path: try Self.image(folder.file("files/raw_\(exposure)_\(detector).fits"), size: size, wcs: exposure) {
                    Self.raw(exposure, detector, $0)
                }, dataId: dataId))
                if !missingDarks.contains([exposure, detector]) {
                    darks.append(FileToIngest(path: try Self.image(folder.file("files/dark_\(exposure)_\(detector).fits"), size: size, wcs: 0) {
                        Self.dark(exposure, detector, $0)
                    }, dataId: dataId))
                }
            }
        }
        for detector in 1...detectors {
            flats.append(FileToIngest(path: try Self.image(folder.file("files/flat_\(detector).fits"), size: size, wcs: 0) {
                Self.flat(detector, $0)
            }, dataId: ["instrument": "SPHEREx", "detector": .int(Int64(detector))]))
        }
        try butler.ingest(raws, datasetType: "rawexp", run: "rawexpr", transfer: .copy)
        try butler.ingest(darks, datasetType: "dark", run: "darkr", transfer: .copy)
        try butler.ingest(flats, datasetType: "flat", run: "flatr", transfer: .copy)
    }

    /// A float32 image with a TAN WCS whose CRVAL1 encodes `wcs`.
    private static func image(_ path: String, size: Int, wcs: Int, value: (Int) -> Float) throws -> String {
        let file = try FITSFile.create(path, overwrite: true)
        var header = FITSHeader()
        header.setValue(.string("RA---TAN"), forKey: "CTYPE1")
        header.setValue(.string("DEC--TAN"), forKey: "CTYPE2")
        header.setValue(.double(150 + Double(wcs) * 0.01), forKey: "CRVAL1")
        header.setValue(.double(2.5), forKey: "CRVAL2")
        header.setValue(.double(-1.7e-4), forKey: "CD1_1")
        header.setValue(.double(1.7e-4), forKey: "CD2_2")
        try file.appendImage(FITSImage<Float>(width: size, height: size, pixels: (0..<size * size).map(value)), header: header)
        try file.close()
        return path
    }

    /// The pipeline text configured as the POC's, through `TaskRegistry.shared` or `registry`.
    func configured(_ yaml: String = examplePipeline, registry: TaskRegistry = .shared, overrides: [String] = []) throws -> ConfiguredPipeline {
        try ConfiguredPipeline(Pipeline(yaml: yaml).applying(overrides.map(ConfigOverride.init(parsing:))), registry: registry)
    }

    /// The image of a dataset found in `collections`.
    func image(_ type: String, exposure: Int, detector: Int, collections: [String]) throws -> (pixels: FITSImage<Float>, header: FITSHeader, type: FITSPixelType?) {
        let ref = try butler.find(type, dataId: ["instrument": "SPHEREx", "exposure": .int(Int64(exposure)), "detector": .int(Int64(detector))], collections: collections)
        let file = try FITSFile(try butler.path(of: ref))
        defer { try? file.close() }
        return (try file.image(at: 0, as: Float.self), try file.header(at: 0), try file.info(at: 0).pixelType)
    }
}
