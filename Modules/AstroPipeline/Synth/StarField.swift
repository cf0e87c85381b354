import Foundation
public import SciCore
import SciFITS

/// Writes overlapping synthetic star-field exposures for testing a pipeline: FITS images with a TAN WCS that is
/// deliberately a few arcseconds off (so SCAMP has work to do), weight maps with one dead column, a FITS_LDAC
/// reference catalog of the true stars that SCAMP reads offline, and `synth.json` with what was injected.
/// The same options and seed give byte-identical files.
public struct StarField: Sendable {
    /// Number of exposures.
    public var images = 3
    /// Width and height of each exposure, in pixels.
    public var size = 512
    /// Stars drawn over the union of the footprints (plus a margin).
    public var stars = 160
    /// The random seed.
    public var seed: UInt64 = 42
    /// The Gaussian PSF's full width at half maximum, in pixels.
    public var fwhm = 3.0
    /// The error put into each header's pointing, in arcseconds (plus a 0.02° rotation).
    public var headerError = 3.0
    /// Arcseconds per pixel.
    public var pixelScale = 0.26
    /// Sky level in electrons (gain 1).
    public var sky = 1000.0

    /// The default field: 3 exposures of 512² with 160 stars, seed 42.
    public init() {}

    /// The sizes a synthetic field may have: beyond them the pixel arithmetic would overflow or the files would not
    /// fit in memory (16,384² floats is 1 GiB an image), and a non-finite or tiny PSF draws nothing.
    public static let limits = (images: 1...1_000, size: 64...16_384, stars: 1...1_000_000, fwhm: 0.5...50.0)

    /// Writes everything into `folder` (created if needed) and returns the summary also saved as `synth.json`.
    /// Throws `PipelineError.invalidPipeline` for sizes outside `limits`, before writing anything.
    @discardableResult
    public func write(to folder: String) throws -> JSONValue {
        let limits = Self.limits
        guard limits.images ~= images, limits.size ~= size, limits.stars ~= stars, limits.fwhm ~= fwhm,
              headerError.isFinite, pixelScale.isFinite, pixelScale > 0, sky.isFinite, sky >= 0
        else {
            throw PipelineError.invalidPipeline(
                "a synthetic field needs \(limits.images) images, \(limits.size) pixels, \(limits.stars) stars, a FWHM in "
                    + "\(limits.fwhm) pixels and a finite positive pixel scale; got \(images) images of \(size) pixels, "
                    + "\(stars) stars, FWHM \(fwhm)")
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var random = SeededGenerator(seed: seed)
        let center = TangentPlane(ra: 150.0, dec: 2.0)
        let degreesPerPixel = pixelScale / 3600
        var offsets: [(Double, Double)] = [(0, 0), (41.3, -28.7), (-36.2, 33.9)]
        while offsets.count < images { offsets.append(((random.uniform() - 0.5) * 90, (random.uniform() - 0.5) * 90)) }

        // Stars over the union footprint with an 80-pixel margin, in the reference tangent plane.
        let half = (Double(size) / 2 + 80 + 45) * degreesPerPixel
        var catalog: [(ra: Double, dec: Double, mag: Double)] = []
        for _ in 0..<stars {
            let xi = (random.uniform() * 2 - 1) * half, eta = (random.uniform() * 2 - 1) * half
            let (ra, dec) = center.deproject(xi: xi, eta: eta)
            catalog.append((ra, dec, 16.5 + random.uniform() * 4.5))
        }

        var exposures: [JSONValue] = []
        for index in 0..<images {
            let (dx, dy) = offsets[index]
            let pointing = center.deproject(xi: -dx * degreesPerPixel, eta: dy * degreesPerPixel)
            let plane = TangentPlane(ra: pointing.ra, dec: pointing.dec)
            let crpix = Double(size + 1) / 2
            var pixels = [Float](repeating: Float(sky), count: size * size)
            var inside = 0
            let sigma = fwhm / (8 * log(2.0)).squareRoot()
            let reach = Int((4 * sigma + 2).rounded(.up))
            for star in catalog {
                let (xi, eta) = plane.project(ra: star.ra, dec: star.dec)
                let x = crpix - xi / degreesPerPixel, y = crpix + eta / degreesPerPixel
                if x >= 0.5, x <= Double(size) + 0.5, y >= 0.5, y <= Double(size) + 0.5 { inside += 1 }
                let flux = pow(10, -0.4 * (star.mag - 30))
                let cx = Int(x.rounded()), cy = Int(y.rounded())
                guard cx + reach >= 1, cx - reach <= size, cy + reach >= 1, cy - reach <= size else { continue }
                let fractionsX = (cx - reach...cx + reach).map { Self.pixelFraction(Double($0), x, sigma) }
                let fractionsY = (cy - reach...cy + reach).map { Self.pixelFraction(Double($0), y, sigma) }
                for (j, py) in (cy - reach...cy + reach).enumerated() where py >= 1 && py <= size {
                    for (i, px) in (cx - reach...cx + reach).enumerated() where px >= 1 && px <= size {
                        pixels[(py - 1) * size + px - 1] += Float(flux * fractionsX[i] * fractionsY[j])
                    }
                }
            }
            // Poisson noise, as a Gaussian of the same variance: every pixel holds ≥ 1000 e⁻.
            for offset in pixels.indices {
                let mean = Double(pixels[offset])
                pixels[offset] = Float(mean + mean.squareRoot() * random.gaussian())
            }

            // The header's WCS: pointing off by `headerError` in a random direction, and rotated by 0.02°.
            let angle = random.uniform() * 2 * .pi
            let shifted = plane.deproject(xi: headerError / 3600 * cos(angle), eta: headerError / 3600 * sin(angle))
            let rotation = 0.02 * .pi / 180
            var header = FITSHeader()
            for card in wcs(crval: shifted, crpix: crpix, rotation: rotation) { header.append(card) }
            header.append(HeaderCard("EXPTIME", .double(1), comment: "seconds"))
            header.append(HeaderCard("GAIN", .double(1), comment: "e-/ADU"))
            header.append(HeaderCard("SATURATE", .double(5e6), comment: "ADU"))
            header.append(HeaderCard("FILTER", "r"))
            header.append(HeaderCard("MJD-OBS", .double(51544.5)))
            header.append(HeaderCard("OBJECT", .string("synthetic field \(index)")))

            let name = "img\(index)"
            try Self.writeImage(FITSImage(width: size, height: size, pixels: pixels), header: header, to: "\(folder)/\(name).fits")
            var weights = [Float](repeating: 1, count: size * size)
            let dead = size / 3
            for row in 0..<size { weights[row * size + dead] = 0 }
            try Self.writeImage(FITSImage(width: size, height: size, pixels: weights), header: header,
                                to: "\(folder)/\(name).weight.fits")
            exposures.append([
                "image": .string("\(name).fits"), "weight": .string("\(name).weight.fits"), "stars_inside": .int(Int64(inside)),
                "true_crval": [.double(pointing.ra), .double(pointing.dec)],
                "header_crval": [.double(shifted.ra), .double(shifted.dec)],
            ])
        }
        try writeReference(catalog, center: center, to: "\(folder)/ref.cat")
        let summary: JSONValue = [
            "seed": .int(Int64(seed)), "images": .array(exposures), "stars": .int(Int64(stars)), "size": .int(Int64(size)),
            "fwhm_pixels": .double(fwhm), "pixel_scale_arcsec": .double(pixelScale), "header_error_arcsec": .double(headerError),
            "reference": "ref.cat",
        ]
        try AtomicFile.write(Data((summary.jsonString(pretty: true) + "\n").utf8), to: "\(folder)/synth.json")
        return summary
    }

    /// The share of a unit pixel centred on `pixel` of a 1-D Gaussian centred on `center`.
    private static func pixelFraction(_ pixel: Double, _ center: Double, _ sigma: Double) -> Double {
        let scale = sigma * 2.0.squareRoot()
        return 0.5 * (erf((pixel + 0.5 - center) / scale) - erf((pixel - 0.5 - center) / scale))
    }

    /// A TAN WCS with RA increasing to the left, rotated by `rotation` radians.
    private func wcs(crval: (ra: Double, dec: Double), crpix: Double, rotation: Double) -> [HeaderCard] {
        let scale = pixelScale / 3600
        return [
            HeaderCard("EQUINOX", .double(2000)), HeaderCard("RADESYS", "ICRS"),
            HeaderCard("CTYPE1", "RA---TAN"), HeaderCard("CTYPE2", "DEC--TAN"),
            HeaderCard("CUNIT1", "deg"), HeaderCard("CUNIT2", "deg"),
            HeaderCard("CRVAL1", .double(crval.ra)), HeaderCard("CRVAL2", .double(crval.dec)),
            HeaderCard("CRPIX1", .double(crpix)), HeaderCard("CRPIX2", .double(crpix)),
            HeaderCard("CD1_1", .double(-scale * cos(rotation))), HeaderCard("CD1_2", .double(scale * sin(rotation))),
            HeaderCard("CD2_1", .double(scale * sin(rotation))), HeaderCard("CD2_2", .double(scale * cos(rotation))),
        ]
    }

    /// The FITS_LDAC layout SCAMP 2.10 reads with its default column names (see reference/astromatic.md §2.1).
    private func writeReference(_ catalog: [(ra: Double, dec: Double, mag: Double)], center: TangentPlane, to path: String) throws {
        let width = size + 250
        let scale = pixelScale / 3600
        let cards = [
            Self.card("SIMPLE", "T"), Self.card("BITPIX", "-32"), Self.card("NAXIS", "2"),
            Self.card("NAXIS1", "\(width)"), Self.card("NAXIS2", "\(width)"),
            Self.card("EQUINOX", "2000.0"), Self.card("RADESYS", "'ICRS    '"),
            Self.card("CTYPE1", "'RA---TAN'"), Self.card("CTYPE2", "'DEC--TAN'"),
            Self.card("CRVAL1", String(center.ra)), Self.card("CRVAL2", String(center.dec)),
            Self.card("CRPIX1", String(Double(width + 1) / 2)), Self.card("CRPIX2", String(Double(width + 1) / 2)),
            Self.card("CD1_1", String(-scale)), Self.card("CD1_2", "0.0"),
            Self.card("CD2_1", "0.0"), Self.card("CD2_2", String(scale)),
            "END".padding(toLength: 80, withPad: " ", startingAt: 0),
        ]
        let error = Float(0.010 / 3600)
        let file = try FITSFile.create(path, overwrite: true)
        try file.appendTable(named: "LDAC_IMHEAD", columns: [
            FITSTableColumn("Field Header Card", .text([cards.joined()], width: 80 * cards.count), dimensions: [80, cards.count]),
        ])
        try file.appendTable(named: "LDAC_OBJECTS", columns: [
            FITSTableColumn("X_WORLD", .double(catalog.map(\.ra)), unit: "deg"),
            FITSTableColumn("Y_WORLD", .double(catalog.map(\.dec)), unit: "deg"),
            FITSTableColumn("ERRA_WORLD", .float(Array(repeating: error, count: catalog.count)), unit: "deg"),
            FITSTableColumn("ERRB_WORLD", .float(Array(repeating: error, count: catalog.count)), unit: "deg"),
            FITSTableColumn("ERRTHETA_WORLD", .float(Array(repeating: 0, count: catalog.count)), unit: "deg"),
            FITSTableColumn("MAG", .float(catalog.map { Float($0.mag) }), unit: "mag"),
            FITSTableColumn("MAGERR", .float(Array(repeating: 0.01, count: catalog.count)), unit: "mag"),
            FITSTableColumn("OBSDATE", .double(Array(repeating: 2000.0, count: catalog.count)), unit: "yr"),
            FITSTableColumn("FLAGS", .int16(Array(repeating: 0, count: catalog.count))),
        ])
        try file.close()
    }

    /// One 80-character header card with a value already formatted as FITS wants it.
    private static func card(_ key: String, _ value: String) -> String {
        let padded = value.hasPrefix("'") ? value : String(repeating: " ", count: max(0, 20 - value.count)) + value
        return (key.padding(toLength: 8, withPad: " ", startingAt: 0) + "= " + padded).padding(toLength: 80, withPad: " ", startingAt: 0)
    }

    private static func writeImage(_ image: FITSImage<Float>, header: FITSHeader, to path: String) throws {
        let file = try FITSFile.create(path, overwrite: true)
        try file.appendImage(image, header: header)
        try file.close()
    }
}
