@testable import Butler
import Foundation
import SciSky
import Testing
import TestSupport

/// Sky-pixel dimensions (`healpix8`, `htm7`) as dataset dimensions, in where-clauses, and joined spatially to
/// exposures' regions, as daf_butler 30.2026.4300 answers them (sky-butler-differential.sh checks the same on the
/// real butler).
@Suite struct SkyPixelDimensionTests {
    /// Exposures 3 (a 0.5° square around RA 150.1, Dec 2.2), 4 (a circle across RA 0) and 5 (no region); datasets
    /// `hpmap` on `healpix8` for every pixel near them and a few far away, and `htmmap` on `htm7` likewise.
    static func makeRepository(_ folder: TemporaryDirectory) throws -> Butler {
        let butler = try Butler.create(root: folder.file("repo"), universe: try DimensionUniverse(yaml: SpatialQueryTests.universe))
        try butler.registry.insertDimensionRecords("instrument", [["name": .string("SPHEREx")]])
        try butler.registry.insertDimensionRecords("exposure", [
            ["instrument": .string("SPHEREx"), "id": .int(3), "obs_id": .string("a"), "region": .string("POLYGON 149.9 2.0 150.4 2.0 150.4 2.5 149.9 2.5")],
            ["instrument": .string("SPHEREx"), "id": .int(4), "obs_id": .string("b"), "region": .string("CIRCLE 0.2 -1 0.6")],
            ["instrument": .string("SPHEREx"), "id": .int(5), "obs_id": .string("c")],
        ])
        _ = try butler.registry.registerDatasetType(DatasetType(name: "hpmap", dimensions: ["healpix8"], storageClass: "StructuredDataDict"))
        _ = try butler.registry.registerDatasetType(DatasetType(name: "htmmap", dimensions: ["htm7"], storageClass: "StructuredDataDict"))
        for (type, name) in [("hpmap", "healpix8"), ("htmmap", "htm7")] {
            let pixelization = try #require(try SkyPixelization(dimension: name))
            var pixels = Set<UInt64>()
            for text in ["CIRCLE 150.15 2.25 1.5", "CIRCLE 0.2 -1 1.5"] { pixels.formUnion(pixelization.envelope(try SkyRegion(parsing: text)).pixels) }
            pixels.formUnion([pixelization.validPixels.lowerBound + 5, pixelization.validPixels.upperBound - 1])
            for pixel in pixels.sorted() {
                try butler.put(.structured(.int(Int64(pixel))), datasetType: type, dataId: [name: .int(Int64(pixel))], run: "maps")
            }
        }
        return butler
    }

    static func pixels(_ butler: Butler, _ type: String, where expression: String) throws -> [UInt64] {
        let dimension = type == "hpmap" ? "healpix8" : "htm7"
        var found: [UInt64] = []
        try butler.registry.queryDatasets(type, collections: ["maps"], where: expression) { ref in
            if case .int(let pixel) = ref.dataId[dimension] { found.append(UInt64(pixel)) }
        }
        return found.sorted()
    }

    @Test func datasetsOnSkyPixelsAreFoundByPixelAndByRegion() throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder)
        #expect(try butler.registry.datasetType("hpmap").dimensions == ["healpix8"])
        #expect(try Self.pixels(butler, "hpmap", where: "healpix8 = 436132") == [436132])
        #expect(try Self.pixels(butler, "hpmap", where: "healpix8 IN (5, 436132, 436133) AND healpix8 != 436133") == [5, 436132])
        #expect(try Self.pixels(butler, "htmmap", where: "htm7 IN (231858, 231859)") == [231858, 231859])
        // daf_butler: the pixels within the region's envelope; healpy puts (150.1, 2.2) in nested pixel 436132.
        #expect(try Self.pixels(butler, "hpmap", where: "healpix8.region OVERLAPS POINT(150.1, 2.2)") == [436132])
        #expect(try Self.pixels(butler, "htmmap", where: "htm7.region OVERLAPS POINT(150.1, 2.2)") == [231858])
        let hp = try HEALPixPixelization(level: 8)
        let circle = try SkyRegion(parsing: "CIRCLE 0.2 -1 0.3")
        #expect(try Self.pixels(butler, "hpmap", where: "healpix8.region OVERLAPS REGION('CIRCLE 0.2 -1 0.3')") == hp.envelope(circle).pixels.sorted())
        // The universe orders sky pixels first, as daf_butler prints them.
        #expect(butler.registry.universe.inUniverseOrder(["exposure", "instrument", "htm7", "healpix8"]) == ["healpix8", "htm7", "instrument", "exposure"])
    }

    /// A region far too large for a fine level is refused in one line, after a bounded amount of work: a 10° circle
    /// at htm24 would be twelve million ranges (a minute and most of a gigabyte of SQL).
    @Test func aRegionTooLargeForTheLevelIsRefused() throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder)
        _ = try butler.registry.registerDatasetType(DatasetType(name: "deepmap", dimensions: ["htm24"], storageClass: "StructuredDataDict"))
        try butler.put(.structured(.int(1)), datasetType: "deepmap", dataId: ["htm24": .int(Int64(try HTMPixelization(level: 24).index(lon: 150.1, lat: 2.2)))], run: "maps")
        var found = 0
        try butler.registry.queryDatasets("deepmap", collections: ["maps"], where: "htm24.region OVERLAPS POINT(150.1, 2.2)") { _ in found += 1 }
        #expect(found == 1)
        let started = ContinuousClock.now
        for clause in ["htm24.region OVERLAPS CIRCLE(150.1, 2.2, 10)", "htm24.region OVERLAPS BOX(150, 2, 60, 60)"] {
            do {
                try butler.registry.queryDatasets("deepmap", collections: ["maps"], where: clause) { _ in }
                Issue.record("\(clause) was not refused")
            } catch let error as ButlerError {
                #expect("\(error)".contains("too large for htm24"), "\(error)")
            }
        }
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func aPixelOutsideThePixelizationIsRefusedAndNothingIsWritten() throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder)
        let before = try Self.pixels(butler, "hpmap", where: "healpix8 >= 0")
        #expect(throws: ButlerError.self) {
            try butler.put(.structured(.int(1)), datasetType: "hpmap", dataId: ["healpix8": .int(12 << 16)], run: "maps")
        }
        #expect(throws: ButlerError.self) {
            try butler.put(.structured(.int(1)), datasetType: "htmmap", dataId: ["htm7": .int(7)], run: "other")
        }
        #expect(throws: ButlerError.self) {
            try butler.put(.structured(.int(1)), datasetType: "hpmap", dataId: ["healpix8": .int(-1)], run: "maps")
        }
        #expect(try Self.pixels(butler, "hpmap", where: "healpix8 >= 0") == before)
        #expect(throws: ButlerError.self) { try butler.registry.queryDataIds(["healpix18"]) }
        // A leading zero names no dimension, rather than another spelling of healpix7 or htm7.
        for name in ["healpix07", "htm007", "htm00"] {
            #expect(try SkyPixelization(dimension: name) == nil, "\(name)")
            #expect(throws: ButlerError.self, "\(name)") { try butler.registry.queryDataIds([name]) }
        }
        #expect(try SkyPixelization(dimension: "htm0") == .htm(try HTMPixelization(level: 0)))
    }

    @Test func datasetsOnPixelsJoinTheExposuresTheirPixelsOverlap() throws {
        let folder = try TemporaryDirectory()
        let butler = try Self.makeRepository(folder)
        let hp = SkyPixelization.healpix(try HEALPixPixelization(level: 8))
        let htm = SkyPixelization.htm(try HTMPixelization(level: 7))
        let square = try SkyRegion(parsing: "POLYGON 149.9 2.0 150.4 2.0 150.4 2.5 149.9 2.5")
        let circle = try SkyRegion(parsing: "CIRCLE 0.2 -1 0.6")
        // healpix8: the pixels whose outline overlaps the region (daf_butler's exact test of a joined region pair).
        let three = try Self.pixels(butler, "hpmap", where: "instrument = 'SPHEREx' AND exposure = 3")
        #expect(three == hp.overlapping(square).sorted())
        #expect(three.contains(436132) && three.count < 40)
        #expect(try Self.pixels(butler, "hpmap", where: "exposure IN (3, 4)") == Set(hp.overlapping(square) + hp.overlapping(circle)).sorted())
        #expect(try Self.pixels(butler, "hpmap", where: "exposure = 5").isEmpty)
        #expect(try Self.pixels(butler, "hpmap", where: "exposure = 3 AND healpix8 > 436132") == three.filter { $0 > 436132 })
        #expect(try Self.pixels(butler, "hpmap", where: "exposure.obs_id = 'b'") == hp.overlapping(circle).sorted())
        // htm7, the common sky pixels: the region's envelope, as daf_butler's overlap table holds it.
        #expect(try Self.pixels(butler, "htmmap", where: "exposure = 4") == htm.envelope(circle).pixels.sorted())
        // query-data-ids: the pixels an exposure touches, and (exposure, pixel) pairs.
        #expect(try butler.registry.skyPixels("healpix8", where: "exposure = 3") == three)
        let pairs = try butler.registry.queryDataIds(["exposure", "healpix8"], where: "exposure IN (3, 4, 5)")
        let expected = hp.overlapping(square).map { (Int64(3), $0) } + hp.overlapping(circle).map { (Int64(4), $0) }
        #expect(pairs.count == expected.count)
        #expect(Set(pairs.map { "\($0["exposure"]!)/\($0["healpix8"]!)" }) == Set(expected.map { "\($0.0)/\($0.1)" }))
        let htmPairs = try butler.registry.queryDataIds(["exposure", "htm7"], where: "exposure = 4 AND htm7 != 0")
        #expect(htmPairs.compactMap { $0["htm7"] } == htm.envelope(circle).pixels.sorted().map { .int(Int64($0)) })
        // Records and data IDs by pixel (daf_butler answers `exposure --where "htm7 = N"` for its common htm7).
        let inner = htm.envelope(circle).pixels.sorted()[1]
        let records = try butler.registry.queryDimensionRecords("exposure", where: "htm7 = \(inner) OR htm7 = 231858")
        #expect(records.compactMap { if case .int(let id) = $0["id"] { id } else { nil } } == [Int64(3), 4])
        #expect(try butler.registry.queryDimensionRecords("exposure", where: "healpix8 = 436132 AND obs_id = 'a'").count == 1)
        #expect(try butler.registry.queryDataIds(["exposure"], where: "htm7 IN (231858, \(inner))").compactMap { $0["exposure"] } == [.int(3), .int(4)])
        #expect(throws: ButlerError.self) { try butler.registry.queryDimensionRecords("healpix8") }
        #expect(throws: ButlerError.self) { try butler.registry.insertDimensionRecords("htm7", [["id": .int(231858)]]) }
        // A region's pixels at a level far too fine for it are an error, found without listing them: exposure 3 has
        // ten billion htm24 pixels, which ran the memory out.
        let started = ContinuousClock.now
        do {
            _ = try butler.registry.queryDataIds(["exposure", "htm24"], where: "exposure = 3")
            Issue.record("htm24 pixels of a 0.5° square were listed")
        } catch let error as ButlerError {
            #expect("\(error)".contains("more than 1000000 htm24 pixels"), "\(error)")
        }
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(try butler.registry.queryDataIds(["exposure", "htm14"], where: "exposure = 3").count > 1000)
        // Without a region to relate to, a sky-pixel dimension alone has no rows to list.
        #expect(throws: ButlerError.self) { try butler.registry.queryDataIds(["healpix8"]) }
        #expect(try butler.registry.queryDataIds(["healpix8"], datasetType: "hpmap", collections: ["maps"]).count
            == Self.pixels(butler, "hpmap", where: "healpix8 >= 0").count)
    }
}
