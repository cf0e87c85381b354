import SciSky
import Testing

/// HTM and HEALPix indexes of single positions against sphgeom, hpgeom and healpy.
@Suite struct PixelIndexTests {
    @Test func theBriefsPointHasHealpysAndSphgeomsNumbers() throws {
        let hp = try HEALPixPixelization(nside: 256)
        #expect(hp.nestedIndex(lon: 150.1, lat: 2.2) == 436132)
        #expect(hp.ringIndex(lon: 150.1, lat: 2.2) == 377771)
        #expect(try HTMPixelization(level: 7).index(lon: 150.1, lat: 2.2) == 231858)
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
                #expect(hp.nestedIndex(lon: p.lon, lat: p.lat) == p.nested[level], "nested level \(level) at (\(p.lon), \(p.lat))")
                #expect(hp.ringIndex(lon: p.lon, lat: p.lat) == p.ring[level], "ring level \(level) at (\(p.lon), \(p.lat))")
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
