import Foundation
import SciSky
import Testing

/// Pixels covering circles and polygons against sphgeom's envelope and interior and healpy's query_disc.
@Suite struct CoverageTests {
    func regions() throws -> [(String, SkyRegion, Reference.Coverage)] {
        var out: [(String, SkyRegion, Reference.Coverage)] = []
        for c in Reference.shared.circles {
            out.append(("circle (\(c.lon!), \(c.lat!)) r=\(c.radius!)",
                        .circle(try Circle(center: c.center!.unitVector, radius: c.radius!)), c))
        }
        for (i, p) in Reference.shared.polygons.enumerated() {
            out.append(("polygon \(i)", .polygon(try ConvexPolygon(vertices: p.vertices!.map(\.unitVector))), p))
        }
        return out
    }

    @Test func htmEnvelopeAndInteriorEqualSphgeom() throws {
        for (name, region, ref) in try regions() {
            let htm = try HTMPixelization(level: ref.htmLevel)
            #expect(htm.envelope(region) == PixelRanges(referenceRanges: ref.htmEnvelope), "htm\(ref.htmLevel) envelope of \(name)")
            #expect(htm.interior(region) == PixelRanges(referenceRanges: ref.htmInterior), "htm\(ref.htmLevel) interior of \(name)")
        }
    }

    @Test func healpixInteriorEqualsSphgeom() throws {
        for (name, region, ref) in try regions() {
            let hp = try HEALPixPixelization(level: ref.healpixLevel)
            #expect(hp.interior(region) == PixelRanges(referenceRanges: ref.healpixInterior), "healpix\(ref.healpixLevel) interior of \(name)")
        }
    }

    /// The envelope holds every pixel whose centre is inside (healpy) and every interior pixel, and is no wider
    /// than sphgeom's.
    @Test func healpixEnvelopeLiesBetweenHealpysCentresAndSphgeomsEnvelope() throws {
        for (name, region, ref) in try regions() {
            let hp = try HEALPixPixelization(level: ref.healpixLevel)
            let envelope = hp.envelope(region)
            let centres = PixelRanges(pixels: ref.healpyCentres)
            #expect(centres.isSubset(of: envelope), "healpix\(ref.healpixLevel) envelope of \(name) misses a pixel whose centre is inside")
            #expect(hp.interior(region).isSubset(of: envelope), "healpix\(ref.healpixLevel) interior of \(name) is not in its envelope")
            #expect(envelope.isSubset(of: PixelRanges(referenceRanges: ref.healpixEnvelope)),
                    "healpix\(ref.healpixLevel) envelope of \(name) is wider than sphgeom's: \(envelope) vs \(ref.healpixEnvelope)")
        }
    }

    @Test func polygonContainmentEqualsSphgeom() throws {
        for p in Reference.shared.polygons {
            let polygon = try ConvexPolygon(vertices: p.vertices!.map(\.unitVector))
            for probe in p.probes! {
                #expect(polygon.contains(probe.vector.unitVector) == probe.inside)
            }
        }
    }

    /// With a limit, the envelope is the same while it fits and nil past it, found without computing the whole: a
    /// 10° circle at htm24 or healpix17 would take millions of ranges and a minute.
    @Test func anEnvelopeOverItsLimitStopsEarly() throws {
        let pixelizations: [SkyPixelization] = [.htm(try HTMPixelization(level: 24)), .healpix(try HEALPixPixelization(level: 17)),
                                                .htm(try HTMPixelization(level: 7)), .healpix(try HEALPixPixelization(level: 8))]
        for pixelization in pixelizations {
            let small = SkyRegion.circle(try Circle(lon: 150.1, lat: 2.2, radius: 0.001))
            let envelope = pixelization.envelope(small)
            #expect(pixelization.envelope(small, maxRanges: envelope.ranges.count) == envelope)
            #expect(pixelization.envelope(small, maxRanges: envelope.ranges.count - 1) == nil)
        }
        let started = ContinuousClock.now
        for pixelization in pixelizations.prefix(2) {
            for region in [SkyRegion.circle(try Circle(lon: 150.1, lat: 2.2, radius: 10)), try SkyRegion(parsing: "RANGE 10 80 -60 30")] {
                #expect(pixelization.envelope(region, maxRanges: 1000) == nil)
            }
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func everyPointOfACircleFallsInItsEnvelope() throws {
        // Points spread over the disc (a fixed spiral), so an envelope that misses an edge pixel shows.
        for (lon, lat, r, level) in [(0.0, 89.5, 1.0, 8), (359.99, -1.0, 0.2, 11), (150.1, 2.2, 3.0, 6), (10.0, -90.0, 5.0, 5)] {
            let circle = try Circle(lon: lon, lat: lat, radius: r)
            let hp = try HEALPixPixelization(level: level), htm = try HTMPixelization(level: level)
            let henv = hp.envelope(.circle(circle)), tenv = htm.envelope(.circle(circle))
            let c = circle.center
            let east = UnitVector(normalizing: -c.y, c.x, 0) ?? UnitVector(unchecked: 0, 1, 0)
            let northV = c.cross(east)
            for k in 0..<2000 {
                let a = Double(k) * 2.399963, t = tan(r * .pi / 180) * (Double(k) / 2000).squareRoot() * 0.999
                let p = UnitVector(normalizing: c.x + t * (cos(a) * east.x + sin(a) * northV.x),
                                   c.y + t * (cos(a) * east.y + sin(a) * northV.y),
                                   c.z + t * (cos(a) * east.z + sin(a) * northV.z))!
                #expect(henv.contains(hp.nestedIndex(p)), "healpix\(level) envelope of (\(lon), \(lat), \(r))")
                #expect(tenv.contains(htm.index(p)), "htm\(level) envelope of (\(lon), \(lat), \(r))")
            }
        }
    }
}
