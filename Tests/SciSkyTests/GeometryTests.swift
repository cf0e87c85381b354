import Foundation
import SciSky
import Testing

/// Positions, circles, polygons and boxes: construction checks and containment.
@Suite struct GeometryTests {
    @Test func badNumbersFromUsersAreErrors() {
        #expect(throws: SkyError.self) { try LonLat(lon: 10, lat: 91) }
        #expect(throws: SkyError.self) { try LonLat(lon: .nan, lat: 0) }
        #expect(throws: SkyError.self) { try Circle(lon: 10, lat: 0, radius: -1) }
        #expect(throws: SkyError.self) { try Circle(lon: 10, lat: 0, radius: .infinity) }
        #expect(throws: SkyError.self) { try Box(lonMin: 0, lonMax: 10, latMin: 5, latMax: -5) }
        #expect(throws: SkyError.self) { try ConvexPolygon(lonLats: [(0, 0), (1, 0)]) }
    }

    @Test func longitudesWrapIntoZeroTo360() throws {
        #expect(try LonLat(lon: -10, lat: 0).lon == 350)
        #expect(try LonLat(lon: 720, lat: 0).lon == 0)
        let p = LonLat(UnitVector(lon: 359.5, lat: -45))
        #expect(abs(p.lon - 359.5) < 1e-12 && abs(p.lat + 45) < 1e-12)
    }

    @Test func aPolygonMayBeGivenEitherWayRoundButNotTwisted() throws {
        let ccw = try ConvexPolygon(lonLats: [(0, 0), (1, 0), (1, 1), (0, 1)])
        let cw = try ConvexPolygon(lonLats: [(0, 1), (1, 1), (1, 0), (0, 0)])
        #expect(ccw.contains(UnitVector(lon: 0.5, lat: 0.5)) && cw.contains(UnitVector(lon: 0.5, lat: 0.5)))
        #expect(!cw.contains(UnitVector(lon: 1.5, lat: 0.5)))
        #expect(throws: SkyError.self) { try ConvexPolygon(lonLats: [(0, 0), (1, 1), (1, 0), (0, 1)]) }
    }

    /// The convexity check compares every vertex with every edge, so a POLYGON of a million corners in a query or a
    /// record would take hours: past `ConvexPolygon.maxVertices` it is an error at once.
    @Test func aPolygonOfTooManyCornersIsAnError() throws {
        func ring(_ n: Int) -> String {
            "POLYGON " + (0..<n).map { i in
                let a = 2 * Double.pi * Double(i) / Double(n)
                return "\(10 + cos(a)) \(sin(a))"
            }.joined(separator: " ")
        }
        guard case .polygon(let p) = try SkyRegion(parsing: ring(1000)) else { Issue.record("not a polygon"); return }
        #expect(p.vertices.count == 1000 && p.contains(UnitVector(lon: 10, lat: 0)))
        #expect(throws: SkyError.self) { try SkyRegion(parsing: ring(ConvexPolygon.maxVertices + 1)) }
    }

    /// Swift's Double(_:) reads "0x10" as 16 and "0x1p4" too: a region's numbers are decimal, or an error.
    @Test func regionNumbersAreDecimal() throws {
        for text in ["CIRCLE 0x10 0 1", "CIRCLE 10 0x1p-2 1", "CIRCLE nan 0 1", "CIRCLE 10 0 inf", "RANGE 1 2 3 0X4"] {
            #expect(throws: SkyError.self, "\(text)") { try SkyRegion(parsing: text) }
        }
        #expect(try SkyRegion(parsing: "CIRCLE(+150.1, -2.2e0, .5E-1)") == SkyRegion(parsing: "CIRCLE 150.1 -2.2 0.05"))
    }

    @Test func aPolygonAcrossRAZeroContainsItsMiddle() throws {
        let p = try ConvexPolygon(lonLats: [(359, -1), (1, -1), (1, 1), (359, 1)])
        #expect(p.contains(UnitVector(lon: 0, lat: 0)))
        #expect(p.contains(UnitVector(lon: 359.5, lat: 0.5)))
        #expect(!p.contains(UnitVector(lon: 180, lat: 0)))
    }

    @Test func circlesAndBoxesContainWhatTheyShould() throws {
        let c = try Circle(lon: 0, lat: 90, radius: 1)
        #expect(c.contains(UnitVector(lon: 123, lat: 89.01)))
        #expect(!c.contains(UnitVector(lon: 123, lat: 88.99)))
        let b = try Box(lonMin: 350, lonMax: 10, latMin: -5, latMax: 5)
        #expect(b.contains(UnitVector(lon: 355, lat: 0)) && b.contains(UnitVector(lon: 5, lat: 4.9)))
        #expect(!b.contains(UnitVector(lon: 180, lat: 0)) && !b.contains(UnitVector(lon: 5, lat: 5.1)))
        #expect(SkyRegion.box(b).overlaps(.circle(try Circle(lon: 11, lat: 0, radius: 2))))
        #expect(!SkyRegion.box(b).overlaps(.circle(try Circle(lon: 15, lat: 0, radius: 2))))
    }

    @Test func aBoxesEnvelopeHoldsItsPoints() throws {
        let b = try Box(lonMin: 359, lonMax: 1, latMin: 10, latMax: 11)
        let hp = try HEALPixPixelization(level: 9), htm = try HTMPixelization(level: 9)
        let he = hp.envelope(.box(b)), te = htm.envelope(.box(b))
        for i in 0...20 {
            for j in 0...20 {
                let p = UnitVector(lon: 359 + Double(i) * 0.1, lat: 10 + Double(j) * 0.05)
                #expect(he.contains(hp.nestedIndex(p)) && te.contains(htm.index(p)))
            }
        }
    }
}
