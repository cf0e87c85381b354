@testable import Butler
import Foundation
import SciSky
import Testing
import TestSupport

/// Regions on dimension records and `… OVERLAPS POINT/CIRCLE/BOX/POLYGON/REGION` where-clauses: every answer equal to
/// testing each stored region directly, over a fixed-seed sky of exposures, on SQLite and on PostgreSQL.
@Suite struct SpatialQueryTests {
    /// A SPHEREx-like universe whose exposures carry regions.
    static let universe = """
        version: 1
        namespace: spherex
        elements:
          instrument:
            keys: [{name: name, type: string, length: 32}]
            governor: true
          detector:
            keys: [{name: id, type: int}]
            requires: [instrument]
          exposure:
            keys: [{name: id, type: int}, {name: obs_id, type: string, length: 64}]
            requires: [instrument]
            metadata: [{name: exposure_time, type: float}]
        topology:
          spatial: {observation_regions: [exposure]}
        """

    /// A fixed-seed generator (SplitMix64), so the sky is the same on every run.
    struct Seeded {
        var state: UInt64
        mutating func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        mutating func position() -> (Double, Double) { (next() * 360, asin(2 * next() - 1) * 180 / .pi) }
    }

    /// Exposures 1…n: squares of 1–8° (some across RA 0 and at the poles) and a few circles, as regions.
    static func makeRepository(_ folder: TemporaryDirectory, _ engine: RegistryEngine = .sqlite, count: Int = 300) throws -> (Butler, [Int64: SkyRegion]) {
        let butler = try Butler.create(root: folder.file("repo"), seedConfig: try engine.seed(), universe: try DimensionUniverse(yaml: universe))
        try butler.registry.insertDimensionRecords("instrument", [["name": .string("SPHEREx")]])
        var random = Seeded(state: 28)
        var regions: [Int64: SkyRegion] = [:]
        var records: [[String: RecordValue]] = []
        for id in 1...Int64(count) {
            var (ra, dec) = random.position()
            if id % 10 == 0 { ra = 359.5 + random.next() }
            if id % 25 == 0 { dec = 88 + random.next() * 2 }
            let half = 0.5 + random.next() * 3.5
            let text: String
            if id % 7 == 0 {
                text = "CIRCLE \(ra) \(dec) \(half)"
            } else {
                let c = UnitVector(lon: ra, lat: dec)
                let east = UnitVector(normalizing: -c.y, c.x, 0) ?? UnitVector(unchecked: 0, 1, 0)
                let north = c.cross(east)
                let t = tan(half * .pi / 180)
                let corners = [(-1.0, -1.0), (1, -1), (1, 1), (-1, 1)].map { (a, b) in
                    LonLat(UnitVector(normalizing: c.x + t * (a * east.x + b * north.x), c.y + t * (a * east.y + b * north.y),
                                      c.z + t * (a * east.z + b * north.z))!)
                }
                text = "POLYGON " + corners.map { "\($0.lon) \($0.lat)" }.joined(separator: " ")
            }
            let region = try SkyRegion(parsing: text)
            regions[id] = region
            records.append(["instrument": .string("SPHEREx"), "id": .int(id), "obs_id": .string("e\(id)"), "region": .string(text)])
        }
        try butler.registry.insertDimensionRecords("exposure", records)
        return (butler, regions)
    }

    static func ids(_ butler: Butler, _ clause: String) throws -> Set<Int64> {
        Set(try butler.registry.queryDimensionRecords("exposure", where: "instrument = 'SPHEREx' AND " + clause).compactMap {
            if case .int(let id) = $0["id"] { id } else { nil }
        })
    }

    @Test(arguments: RegistryEngine.available) func pointCircleBoxPolygonAndRegionClausesFindExactlyTheOverlappingExposures(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let (butler, regions) = try Self.makeRepository(folder, engine)
        var random = Seeded(state: 7)
        var nonEmpty = 0
        for k in 0..<60 {
            var (ra, dec) = random.position()
            if k % 6 == 0 { ra = 359.9 + random.next() * 0.2 }
            if k % 9 == 0 { dec = 89 + random.next() }
            // Points at the exposures' own centres too, so most clauses find something.
            if k % 2 == 1, let region = regions[Int64(1 + k * 3)] {
                let c: UnitVector
                switch region {
                case .circle(let circle): c = circle.center
                case .polygon(let p): c = p.boundingCircle.center
                case .box: continue
                }
                (ra, dec) = (LonLat(c).lon, LonLat(c).lat)
            }
            let point = UnitVector(lon: ra, lat: dec)
            let byPoint = Set(regions.filter { $0.value.contains(point) }.keys)
            nonEmpty += byPoint.isEmpty ? 0 : 1
            #expect(try Self.ids(butler, "exposure.region OVERLAPS POINT(\(ra), \(dec))") == byPoint, "POINT(\(ra), \(dec))")
            #expect(try Self.ids(butler, "POINT(\(ra), \(dec)) OVERLAPS exposure.region") == byPoint)

            let r = 0.05 + random.next() * 2
            // CIRCLE(ra, dec, r) is a circle of radius r, as daf_butler documents it (not the 2r its code makes),
            // and the same circle as REGION('CIRCLE ra dec r').
            let circle = SkyRegion.circle(try Circle(lon: ra, lat: dec, radius: r))
            let byCircle = Set(regions.filter { $0.value.overlaps(circle) }.keys)
            #expect(try Self.ids(butler, "exposure.region OVERLAPS CIRCLE(\(ra), \(dec), \(r))") == byCircle, "CIRCLE(\(ra), \(dec), \(r))")
            #expect(try Self.ids(butler, "exposure.region OVERLAPS REGION('CIRCLE \(ra) \(dec) \(r)')") == byCircle)

            let polygonText = "POLYGON(\(ra - 1), \(max(-89, dec - 1)), \(ra + 1), \(max(-89, dec - 1)), \(ra + 1), \(min(89, dec + 1)), \(ra - 1), \(min(89, dec + 1)))"
            let polygon = try SkyRegion(parsing: polygonText)
            #expect(try Self.ids(butler, "exposure.region OVERLAPS \(polygonText)") == Set(regions.filter { $0.value.overlaps(polygon) }.keys), "\(polygonText)")
        }
        #expect(nonEmpty >= 20)
    }

    @Test(arguments: RegistryEngine.available) func aBoxClauseFindsEveryExposureItTouches(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let (butler, regions) = try Self.makeRepository(folder, engine, count: 120)
        // Boxes answer conservatively (through bounding circles), so the exact set must be inside the answer, and
        // the answer inside the set the bounding test admits.
        for (ra, dec, w, h) in [(10.0, 5.0, 20.0, 10.0), (0.0, -30.0, 6.0, 6.0), (200.0, 80.0, 40.0, 20.0)] {
            let found = try Self.ids(butler, "exposure.region OVERLAPS BOX(\(ra), \(dec), \(w), \(h))")
            let box = SkyRegion.box(try Box(lonMin: ra - w / 2, lonMax: ra + w / 2, latMin: dec - h / 2, latMax: dec + h / 2))
            #expect(found == Set(regions.filter { $0.value.overlaps(box) }.keys))
            // Every exposure with a corner point inside the box is found.
            for (id, region) in regions {
                if case .polygon(let p) = region, p.vertices.contains(where: { SkyRegion.box(try! Box(lonMin: ra - w / 2, lonMax: ra + w / 2, latMin: dec - h / 2, latMax: dec + h / 2)).contains($0) }) {
                    #expect(found.contains(id), "BOX(\(ra), \(dec), \(w), \(h)) misses exposure \(id)")
                }
            }
        }
    }

    @Test(arguments: RegistryEngine.available) func spatialClausesCombineWithOthersAndWorkInDataIdQueries(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let (butler, regions) = try Self.makeRepository(folder, engine, count: 80)
        guard case .circle(let c) = regions[7]! else { Issue.record("exposure 7 is a circle"); return }
        let p = LonLat(c.center)
        let all = try Self.ids(butler, "exposure.region OVERLAPS POINT(\(p.lon), \(p.lat))")
        #expect(all.contains(7))
        #expect(try Self.ids(butler, "exposure.region OVERLAPS POINT(\(p.lon), \(p.lat)) AND exposure.id = 7") == [7])
        #expect(try Self.ids(butler, "NOT exposure.region OVERLAPS POINT(\(p.lon), \(p.lat))").count == 80 - all.count)
        let dataIds = try butler.registry.queryDataIds(["exposure"], where: "instrument = 'SPHEREx' AND exposure.region OVERLAPS POINT(\(p.lon), \(p.lat))")
        #expect(Set(dataIds.compactMap { if case .int(let id) = $0["exposure"] { id } else { nil } }) == all)
    }

    @Test(arguments: RegistryEngine.available) func regionsAreStoredAsSphgeomHexAndBadOnesAreRefusedWhole(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let (butler, regions) = try Self.makeRepository(folder, engine, count: 10)
        let record = try butler.registry.queryDimensionRecords("exposure", where: "exposure.id = 3")[0]
        guard case .string(let hex) = record["region"] else { Issue.record("no region"); return }
        #expect(try SkyRegion(sphgeomHex: hex) == regions[3])
        let bad: [[String: RecordValue]] = [
            ["instrument": .string("SPHEREx"), "id": .int(100), "obs_id": .string("a"), "region": .string("CIRCLE 1 2 3")],
            ["instrument": .string("SPHEREx"), "id": .int(101), "obs_id": .string("b"), "region": .string("CIRCLE 1 95 3")],
        ]
        #expect(throws: ButlerError.self) { try butler.registry.insertDimensionRecords("exposure", bad) }
        #expect(try butler.registry.queryDimensionRecords("exposure", where: "exposure.id = 100").isEmpty)
        #expect(throws: ButlerError.self) {
            try butler.registry.insertDimensionRecords("detector", [["instrument": .string("SPHEREx"), "id": .int(1), "region": .string("CIRCLE 1 2 3")]])
        }
    }

    /// The radius of CIRCLE(ra, dec, r) is r degrees, as daf_butler's documentation says (its 30.2026.4300 code
    /// makes 2r): an exposure 1.5° away is outside CIRCLE(…, 1) and inside CIRCLE(…, 2).
    @Test func theThirdNumberOfCircleIsItsRadius() throws {
        let folder = try TemporaryDirectory()
        let butler = try Butler.create(root: folder.file("repo"), universe: try DimensionUniverse(yaml: Self.universe))
        try butler.registry.insertDimensionRecords("instrument", [["name": .string("SPHEREx")]])
        try butler.registry.insertDimensionRecords("exposure", [
            ["instrument": .string("SPHEREx"), "id": .int(1), "obs_id": .string("a"), "region": .string("CIRCLE 151.6 2.2 0.001")],
        ])
        #expect(try Self.ids(butler, "exposure.region OVERLAPS CIRCLE(150.1, 2.2, 1)").isEmpty)
        #expect(try Self.ids(butler, "exposure.region OVERLAPS CIRCLE(150.1, 2.2, 1.4)").isEmpty)
        #expect(try Self.ids(butler, "exposure.region OVERLAPS CIRCLE(150.1, 2.2, 2)") == [1])
        #expect(try Self.ids(butler, "exposure.region OVERLAPS REGION('CIRCLE 150.1 2.2 1.4')").isEmpty)
    }

    @Test(arguments: RegistryEngine.available) func aLargeInsertIsIndexedWholeAndSyncAddsNothing(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        // Over 2,000 records, so their regions are read and pixelized on several threads.
        let (butler, regions) = try Self.makeRepository(folder, engine, count: 2_500)
        func indexRows() throws -> Int? {
            try butler.registry.read { db in try db.value(Int.self, "SELECT count(*) FROM exposure_region_pixels") }
        }
        let rows = try #require(try indexRows())
        #expect(rows >= 2_500)
        var random = Seeded(state: 11)
        for _ in 0..<15 {
            let (ra, dec) = random.position()
            let point = UnitVector(lon: ra, lat: dec)
            #expect(try Self.ids(butler, "exposure.region OVERLAPS POINT(\(ra), \(dec))") == Set(regions.filter { $0.value.contains(point) }.keys))
        }
        // The same records again with sync: nothing is added; one that differs in its region is refused, whole.
        let records: [[String: RecordValue]] = regions.sorted { $0.key < $1.key }.map {
            ["instrument": .string("SPHEREx"), "id": .int($0.key), "obs_id": .string("e\($0.key)"), "region": .string($0.value.sphgeomHex)]
        }
        try butler.registry.insertDimensionRecords("exposure", records, sync: true)
        #expect(try indexRows() == rows)
        var changed = records
        changed[2_400]["region"] = .string("CIRCLE 10 10 1")
        changed.append(["instrument": .string("SPHEREx"), "id": .int(9_999), "obs_id": .string("new"), "region": .string("CIRCLE 10 10 1")])
        let message = errorMessage { try butler.registry.insertDimensionRecords("exposure", changed, sync: true) }
        #expect(message?.hasPrefix("'exposure' record differs in 'region'") == true, "\(message ?? "no error")")
        #expect(try indexRows() == rows)
        #expect(try Self.ids(butler, "exposure.id = 9999").isEmpty)
        // Without sync an existing record is an error.
        #expect(throws: ButlerError.self) { try butler.registry.insertDimensionRecords("exposure", [records[0]]) }
    }

    @Test(arguments: RegistryEngine.available) func badSpatialClausesAreOneLineErrors(engine: RegistryEngine) throws {
        let folder = try TemporaryDirectory()
        let (butler, _) = try Self.makeRepository(folder, engine, count: 3)
        for clause in [
            "detector.region OVERLAPS POINT(1, 2)", "exposure.region OVERLAPS POINT(1)", "exposure.region OVERLAPS POINT(1, 95)",
            "exposure.region OVERLAPS CIRCLE(1, 2, -1)", "exposure.region OVERLAPS POLYGON(1, 2, 3, 4)",
            "exposure.region OVERLAPS REGION('SQUARE 1 2')", "exposure.region OVERLAPS exposure.region",
            "exposure.region OVERLAPS 3", "exposure.region OVERLAPS POINT('a', 2)",
        ] {
            #expect(throws: ButlerError.self, "\(clause)") { try butler.registry.queryDimensionRecords("exposure", where: clause) }
        }
    }
}

/// `query-data-ids REPO healpix8 --where "exposure = N"`: the sky pixels an exposure's region touches.
@Suite struct SkyPixelDataIdTests {
    @Test func theHealpixAndHtmPixelsOfAnExposureAreThoseItsRegionTouches() throws {
        let folder = try TemporaryDirectory()
        let butler = try Butler.create(root: folder.file("repo"), universe: try DimensionUniverse(yaml: SpatialQueryTests.universe))
        try butler.registry.insertDimensionRecords("instrument", [["name": .string("SPHEREx")]])
        try butler.registry.insertDimensionRecords("exposure", [
            ["instrument": .string("SPHEREx"), "id": .int(3), "obs_id": .string("a"), "region": .string("POLYGON 149.9 2.0 150.4 2.0 150.4 2.5 149.9 2.5")],
            ["instrument": .string("SPHEREx"), "id": .int(4), "obs_id": .string("b"), "region": .string("CIRCLE 10 -30 1")],
        ])
        let healpix = try #require(try butler.registry.skyPixels("healpix8", where: "exposure = 3"))
        // healpy: the pixel of (150.1, 2.2) at Nside 256 is 436132.
        #expect(healpix.contains(436132))
        let hp = try HEALPixPixelization(level: 8), htm = try HTMPixelization(level: 7)
        let htmPixels = try #require(try butler.registry.skyPixels("htm7", where: "exposure = 3"))
        #expect(htmPixels.contains(231858))
        // Every pixel holding a point of the region is listed, and nothing far outside.
        for i in 0...20 {
            for j in 0...20 {
                let p = UnitVector(lon: 149.9 + 0.5 * Double(i) / 20, lat: 2.0 + 0.5 * Double(j) / 20)
                #expect(healpix.contains(hp.nestedIndex(p)) && htmPixels.contains(htm.index(p)))
            }
        }
        let far = try SkyRegion(parsing: "CIRCLE 150.15 2.25 1.0")
        #expect(healpix.allSatisfy { (try? hp.center($0)).map { far.contains($0) } ?? false })
        #expect(healpix.count < 40)
        #expect(try butler.registry.skyPixels("exposure", where: nil) == nil)
        #expect(throws: ButlerError.self) { try butler.registry.skyPixels("healpix18", where: "exposure = 3") }
    }
}
