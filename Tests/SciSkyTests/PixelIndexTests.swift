import Foundation
import SciSky
import Testing

/// HTM and HEALPix indexes of single positions against sphgeom, hpgeom and healpy.
@Suite struct PixelIndexTests {
    @Test func theBriefsPointHasHealpysAndSphgeomsNumbers() throws {
        let hp = try HEALPixPixelization(nside: 256)
        #expect(try hp.nestedIndex(lon: 150.1, lat: 2.2) == 436132)
        #expect(try hp.ringIndex(lon: 150.1, lat: 2.2) == 377771)
        #expect(try HTMPixelization(level: 7).index(lon: 150.1, lat: 2.2) == 231858)
    }

    /// A position from a user with a NaN, an infinity or a Dec past a pole has no pixel: an error, not a trap in
    /// `Int(_:)` (HEALPix) or an index of nowhere (HTM).
    @Test func positionsOffTheSkyHaveNoPixel() throws {
        let hp = try HEALPixPixelization(level: 8), htm = try HTMPixelization(level: 7)
        for (lon, lat) in [(Double.nan, 0.0), (0, .nan), (.infinity, 0), (-.infinity, 0), (0, .infinity), (Double("1e400")!, 0), (0, 91), (0, -90.5)] {
            #expect(throws: SkyError.self, "(\(lon), \(lat))") { try hp.nestedIndex(lon: lon, lat: lat) }
            #expect(throws: SkyError.self, "(\(lon), \(lat))") { try hp.ringIndex(lon: lon, lat: lat) }
            #expect(throws: SkyError.self, "(\(lon), \(lat))") { try htm.index(lon: lon, lat: lat) }
        }
        // The poles themselves and longitudes past 360 are positions.
        #expect(try hp.nestedIndex(lon: 0, lat: 90) == hp.nestedIndex(UnitVector(lon: 0, lat: 90)))
        #expect(try hp.nestedIndex(lon: 510.1, lat: 2.2) == hp.nestedIndex(lon: 150.1, lat: 2.2))
    }

    @Test func htmIndexesEqualSphgeomAtEveryLevel() throws {
        for p in Reference.shared.points {
            for (level, expected) in p.htm.enumerated() {
                let htm = try HTMPixelization(level: level)
                #expect(htm.index(p.vector.unitVector) == expected, "htm\(level) at (\(p.lon), \(p.lat))")
            }
        }
    }

    @Test func healpixIndexesEqualHealpyAtEveryLevel() throws {
        for p in Reference.shared.points {
            for level in p.nested.indices {
                let hp = try HEALPixPixelization(level: level)
                #expect(try hp.nestedIndex(lon: p.lon, lat: p.lat) == p.nested[level], "nested level \(level) at (\(p.lon), \(p.lat))")
                #expect(try hp.ringIndex(lon: p.lon, lat: p.lat) == p.ring[level], "ring level \(level) at (\(p.lon), \(p.lat))")
            }
        }
    }

    @Test func healpixIndexesOfVectorsEqualSphgeom() throws {
        for p in Reference.shared.points {
            for (level, expected) in p.sphgeomHealpix.enumerated() {
                let hp = try HEALPixPixelization(level: level)
                #expect(hp.nestedIndex(p.vector.unitVector) == expected, "healpix\(level) at (\(p.lon), \(p.lat))")
            }
        }
    }

    @Test func aPixelsCentreAndCornersMapBackToIt() throws {
        let hp = try HEALPixPixelization(level: 8)
        for pixel: UInt64 in [0, 1, 436132, 786431, 300000, 196608] {
            #expect(hp.nestedIndex(try hp.center(pixel)) == pixel)
            #expect(try hp.corners(pixel).count == 4)
            #expect(hp.ringIndex(try hp.center(pixel)) == (try hp.ringIndex(nested: pixel)))
        }
        let htm = try HTMPixelization(level: 7)
        let trixel = try htm.triangle(231858)
        #expect(trixel.contains(UnitVector(lon: 150.1, lat: 2.2)))
    }

    @Test func levelsAndPixelsOutsideTheirRangeAreErrorsNotTraps() {
        #expect(throws: SkyError.self) { try HEALPixPixelization(level: 30) }
        #expect(throws: SkyError.self) { try HEALPixPixelization(level: -1) }
        #expect(throws: SkyError.self) { try HEALPixPixelization(nside: 300) }
        #expect(throws: SkyError.self) { try HTMPixelization(level: 25) }
        #expect(throws: SkyError.self) { try HEALPixPixelization(level: 8).center(786432) }
        #expect(throws: SkyError.self) { try HTMPixelization(level: 7).triangle(5) }
    }
}

/// `HTMPixelization.cover`, the registry's index pixels: the same trixels as the envelope at the level it picks, and a
/// finer level would take more than allowed.
@Suite struct HTMCoverTests {
    @Test func theCoverIsTheEnvelopeAtTheFinestLevelWithFewEnoughTrixels() throws {
        // A fixed-seed linear congruential sequence, so the regions are the same on every run.
        var state: UInt64 = 28
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var levels = Set<Int>()
        for k in 0..<200 {
            let lon = next() * 360, lat = asin(2 * next() - 1) * 180 / .pi
            let size = [0.001, 0.05, 0.5, 2, 10, 30][k % 6] * (0.5 + next())
            let region: SkyRegion
            if k % 3 == 0 {
                region = .circle(try Circle(lon: lon, lat: lat, radius: size))
            } else {
                let half = min(size, 40)
                region = .polygon(try ConvexPolygon(lonLats: [
                    (lon - half, max(-89, lat - half)), (lon + half, max(-89, lat - half)),
                    (lon + half, min(89, lat + half)), (lon - half, min(89, lat + half)),
                ].map { (($0.0 + 360).truncatingRemainder(dividingBy: 360), $0.1) }))
            }
            let (level, pixels) = HTMPixelization.cover(region, maximumPixels: 8, maximumLevel: 13)
            levels.insert(level)
            #expect(PixelRanges(pixels: pixels) == (try HTMPixelization(level: level)).envelope(region), "\(region)")
            #expect(pixels == pixels.sorted() && pixels.count <= 8)
            if level < 13 { #expect((try HTMPixelization(level: level + 1)).envelope(region).count > 8, "\(region)") }
        }
        // The sizes reach both ends of the levels.
        #expect(levels.contains(13) && levels.contains { $0 <= 3 })
    }
}
