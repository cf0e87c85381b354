import Foundation
import SciFITS
import SciSky
import Testing

/// Image positions through TAN, TAN-SIP and TPV against astropy.wcs (all_pix2world, origin 1).
@Suite struct WCSTests {
    @Test func pixelPositionsEqualAstropy() throws {
        for c in Reference.shared.wcs {
            let wcs = try SkyWCS(header: c.fitsHeader)
            for (p, w) in zip(c.pixels, c.world) {
                let mine = wcs.direction(x: p[0], y: p[1])
                let theirs = UnitVector(lon: w[0], lat: w[1])
                // 1e-9 degree is 3.6 microarcseconds: rounding, not a formula difference.
                #expect(mine.angle(to: theirs) < 1e-9, "\(c.header["CTYPE1"]!) pixel \(p): \(LonLat(mine)) vs \(w)")
            }
        }
    }

    @Test func anImagesRegionHoldsItsPixelsAndNothingFarOutside() throws {
        for c in Reference.shared.wcs {
            let wcs = try SkyWCS(header: c.fitsHeader)
            let region = try wcs.region(width: 2048, height: 4096)
            #expect(region.contains(wcs.direction(x: 700.25, y: 1500.75)))
            #expect(region.contains(wcs.direction(x: 2, y: 2)))
            #expect(region.contains(wcs.direction(x: 2047, y: 4095)))
            #expect(!region.contains(wcs.direction(x: -100, y: 2048)))
            #expect(!region.contains(wcs.direction(x: 1024, y: 4300)))
        }
    }

    @Test func headersSciCannotReadAreErrors() {
        var h = FITSHeader([HeaderCard("CTYPE1", "RA---ZEA"), HeaderCard("CTYPE2", "DEC--ZEA")])
        #expect(throws: SkyError.self) { try SkyWCS(header: h) }
        h = FITSHeader([HeaderCard("CTYPE1", "RA---TAN"), HeaderCard("CTYPE2", "DEC--TAN"), HeaderCard("CRPIX1", 1.0)])
        #expect(throws: SkyError.self) { try SkyWCS(header: h) }
        h = FITSHeader([
            HeaderCard("CTYPE1", "RA---TAN"), HeaderCard("CTYPE2", "DEC--TAN"), HeaderCard("CRPIX1", 1.0),
            HeaderCard("CRPIX2", 1.0), HeaderCard("CRVAL1", 10.0), HeaderCard("CRVAL2", 95.0),
        ])
        #expect(throws: SkyError.self) { try SkyWCS(header: h) }
        h = FITSHeader([
            HeaderCard("CTYPE1", "RA---TAN"), HeaderCard("CTYPE2", "DEC--TAN"), HeaderCard("CRPIX1", 1.0),
            HeaderCard("CRPIX2", 1.0), HeaderCard("CRVAL1", 10.0), HeaderCard("CRVAL2", 5.0), HeaderCard("CD1_1", 0.0),
        ])
        #expect(throws: SkyError.self) { try SkyWCS(header: h) }
    }
}
