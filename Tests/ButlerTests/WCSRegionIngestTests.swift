@testable import Butler
import Foundation
import SciFITS
import SciSky
import Testing
import TestSupport

/// Regions computed at ingest from the images' FITS WCS: each exposure gets the hull of its detectors' outlines, and
/// a point query finds exactly the exposures whose images cover it.
@Suite struct WCSRegionIngestTests {
    /// A 200×100 image whose TAN WCS puts its reference pixel at (ra, dec), 36″ pixels, north up.
    static func image(_ path: String, ra: Double, dec: Double, wcs: Bool = true) throws {
        let file = try FITSFile.create(path, overwrite: true)
        var header = FITSHeader()
        if wcs {
            for (key, value): (String, HeaderValue) in [
                ("CTYPE1", "RA---TAN"), ("CTYPE2", "DEC--TAN"), ("CRPIX1", 100.5), ("CRPIX2", 50.5), ("CRVAL1", .double(ra)),
                ("CRVAL2", .double(dec)), ("CD1_1", -0.01), ("CD1_2", 0.0), ("CD2_1", 0.0), ("CD2_2", 0.01),
            ] { header.setValue(value, forKey: key) }
        }
        _ = try file.appendImage(FITSImage<Double>(width: 200, height: 100, repeating: 1), header: header)
        try file.close()
    }

    static func repository(_ folder: TemporaryDirectory) throws -> Butler {
        let butler = try Butler.create(root: folder.file("repo"), universe: try DimensionUniverse(yaml: SpatialQueryTests.universe))
        try butler.registry.insertDimensionRecords("instrument", [["name": .string("SPHEREx")]])
        try butler.registry.insertDimensionRecords("detector", (1...2).map { ["instrument": .string("SPHEREx"), "id": .int($0)] })
        try butler.registry.registerDatasetType(
            DatasetType(name: "raw", dimensions: ["instrument", "exposure", "detector"], storageClass: "SPHERExImage"))
        return butler
    }

    @Test func eachExposureGetsTheHullOfItsDetectorsImages() throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.repository(folder)
        var files: [FileToIngest] = []
        // Exposure 1: two detectors side by side east of 150.1; exposure 2 far away; exposure 3 across RA 0.
        for (exposure, detector, ra, dec) in [(1, 1, 150.1, 2.2), (1, 2, 152.1, 2.2), (2, 1, 10.0, -40.0), (3, 1, 0.2, 0.0)] {
            let path = folder.file("raw_\(exposure)_\(detector).fits")
            try Self.image(path, ra: ra, dec: dec)
            files.append(FileToIngest(path: path, dataId: ["instrument": "SPHEREx", "exposure": .string(String(exposure)), "detector": .int(Int64(detector))]))
        }
        let regions = try butler.regionsFromWCS(files, datasetType: "raw")
        #expect(regions.count == 3)
        _ = try butler.ingest(files, datasetType: "raw", run: "r", transfer: .copy, createRecords: true)
        try butler.registry.setRegions(regions)
        func exposures(_ ra: Double, _ dec: Double) throws -> [Int64] {
            try butler.registry.queryDatasets("raw", collections: ["r"], where: "exposure.region OVERLAPS POINT(\(ra), \(dec))").compactMap {
                if case .int(let e) = $0.dataId["exposure"] { e } else { nil }
            }.sorted()
        }
        // The image spans ±1° in RA and ±0.5° in Dec around its reference pixel.
        let atCentre = try exposures(150.1, 2.2)
        #expect(atCentre == [1, 1], "\(atCentre) \(regions.map { ($0.dataId.description, $0.region.ivoaPos) })")
        #expect(try exposures(151.1, 2.6) == [1, 1])  // between the two detectors: inside the exposure's hull
        #expect(try exposures(153.0, 2.2) == [1, 1])
        #expect(try exposures(153.2, 2.2) == [])
        #expect(try exposures(150.1, 2.8) == [])
        #expect(try exposures(10.5, -40.3) == [2])
        #expect(try exposures(359.5, 0.1) == [3])
    }

    @Test func aFileWithoutAWCSStopsTheIngestBeforeAnythingIsWritten() throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.repository(folder)
        let good = folder.file("good.fits"), bad = folder.file("bad.fits")
        try Self.image(good, ra: 150, dec: 2)
        try Self.image(bad, ra: 150, dec: 2, wcs: false)
        let files = [
            FileToIngest(path: good, dataId: ["instrument": "SPHEREx", "exposure": .int(1), "detector": .int(1)]),
            FileToIngest(path: bad, dataId: ["instrument": "SPHEREx", "exposure": .int(2), "detector": .int(1)]),
        ]
        #expect(throws: ButlerError.self) { try butler.regionsFromWCS(files, datasetType: "raw") }
        #expect(throws: ButlerError.self) { try butler.registry.setRegions([("exposure", ["instrument": "SPHEREx", "exposure": .int(9)], .circle(try Circle(lon: 1, lat: 2, radius: 1)))]) }
    }
}
