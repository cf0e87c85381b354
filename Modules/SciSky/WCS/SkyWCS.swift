import Foundation
public import SciFITS

/// A celestial FITS WCS from an image header: the gnomonic (TAN) projection, optionally with the SIP distortion
/// (`RA---TAN-SIP`) or the TPV polynomial SCAMP writes (`RA---TPV`), enough to put an image's outline on the sky.
public struct SkyWCS: Equatable, Sendable {
    /// The distortion between pixels and the tangent plane.
    public enum Distortion: Equatable, Sendable {
        /// Plain TAN.
        case none
        /// SIP: polynomials `A_p_q`, `B_p_q` added to the pixel offsets before the CD matrix.
        case sip(a: [[Double]], b: [[Double]])
        /// TPV: polynomials `PV1_k`, `PV2_k` in the intermediate coordinates after the CD matrix.
        case tpv(pv1: [Double], pv2: [Double])
    }

    /// The reference pixel (1-based, FITS convention).
    public var crpix: (Double, Double) { (crpix1, crpix2) }
    let crpix1: Double, crpix2: Double
    /// The reference RA/Dec in degrees.
    public let crval: LonLat
    /// The linear transform from pixel offsets to intermediate coordinates in degrees, row-major.
    public let cd: [Double]
    /// The distortion.
    public let distortion: Distortion

    let center: UnitVector, east: UnitVector, north: Vector3

    /// The WCS of a header; throws with the keyword at fault for anything sci does not understand.
    public init(header: FITSHeader) throws(SkyError) {
        func number(_ k: String) -> Double? { header[k]?.doubleValue }
        func required(_ k: String) throws(SkyError) -> Double {
            guard let v = number(k), v.isFinite else {
                throw SkyError("the header has no usable \(k)", hint: "the image needs a celestial WCS (CTYPE, CRPIX, CRVAL, CD or CDELT)")
            }
            return v
        }
        let ctype1 = (header["CTYPE1"]?.stringValue ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        let ctype2 = (header["CTYPE2"]?.stringValue ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        let kinds: [(String, String)] = [("RA---TAN", "DEC--TAN"), ("RA---TAN-SIP", "DEC--TAN-SIP"), ("RA---TPV", "DEC--TPV")]
        guard let kind = kinds.firstIndex(where: { $0.0 == ctype1 && $0.1 == ctype2 }) else {
            throw SkyError("unsupported WCS CTYPE1/CTYPE2 '\(ctype1)'/'\(ctype2)'",
                           hint: "sci reads RA---TAN, RA---TAN-SIP and RA---TPV (with DEC on axis 2)")
        }
        if let lonpole = number("LONPOLE"), lonpole != 180 {
            throw SkyError("LONPOLE \(lonpole) is not supported", hint: "sci reads TAN images with the default LONPOLE 180")
        }
        crpix1 = try required("CRPIX1")
        crpix2 = try required("CRPIX2")
        crval = try LonLat(lon: try required("CRVAL1"), lat: try required("CRVAL2"))
        if ["CD1_1", "CD1_2", "CD2_1", "CD2_2"].contains(where: { number($0) != nil }) {
            cd = [number("CD1_1") ?? 0, number("CD1_2") ?? 0, number("CD2_1") ?? 0, number("CD2_2") ?? 0]
        } else {
            let d1 = number("CDELT1") ?? 1, d2 = number("CDELT2") ?? 1
            if let rot = number("CROTA2"), !["PC1_1", "PC1_2", "PC2_1", "PC2_2"].contains(where: { number($0) != nil }) {
                let r = rot * .pi / 180
                cd = [d1 * cos(r), -d2 * sin(r), d1 * sin(r), d2 * cos(r)]
            } else {
                cd = [d1 * (number("PC1_1") ?? 1), d1 * (number("PC1_2") ?? 0), d2 * (number("PC2_1") ?? 0), d2 * (number("PC2_2") ?? 1)]
            }
        }
        guard cd.allSatisfy(\.isFinite), cd[0] * cd[3] - cd[1] * cd[2] != 0 else {
            throw SkyError("the WCS matrix (CD or PC×CDELT) is singular", hint: "check the CD/PC/CDELT keywords")
        }
        switch kind {
        case 1:
            func poly(_ name: String) throws(SkyError) -> [[Double]] {
                guard let order = header["\(name)_ORDER"]?.intValue, (0...9).contains(order) else {
                    throw SkyError("a TAN-SIP header needs \(name)_ORDER between 0 and 9")
                }
                var m = Array(repeating: Array(repeating: 0.0, count: order + 1), count: order + 1)
                for p in 0...order { for q in 0...(order - p) { m[p][q] = number("\(name)_\(p)_\(q)") ?? 0 } }
                return m
            }
            distortion = .sip(a: try poly("A"), b: try poly("B"))
        case 2:
            func pv(_ axis: Int) -> [Double] {
                var c = Array(repeating: 0.0, count: 40)
                for k in 0..<40 { c[k] = number("PV\(axis)_\(k)") ?? 0 }
                if number("PV\(axis)_1") == nil { c[1] = 1 }
                return c
            }
            distortion = .tpv(pv1: pv(1), pv2: pv(2))
        default:
            distortion = .none
        }
        center = UnitVector(crval)
        let a = crval.lon * .pi / 180, d = crval.lat * .pi / 180
        east = UnitVector(unchecked: -sin(a), cos(a), 0)
        north = Vector3(-sin(d) * cos(a), -sin(d) * sin(a), cos(d))
    }

    /// Equal when every keyword-derived value is equal.
    public static func == (l: SkyWCS, r: SkyWCS) -> Bool {
        l.crpix1 == r.crpix1 && l.crpix2 == r.crpix2 && l.crval == r.crval && l.cd == r.cd && l.distortion == r.distortion
    }

    /// The direction of a pixel position, 1-based as FITS counts (the centre of the first pixel is (1, 1)).
    public func direction(x: Double, y: Double) -> UnitVector {
        var u = x - crpix1, v = y - crpix2
        if case .sip(let a, let b) = distortion {
            let du = Self.evaluate(a, u, v), dv = Self.evaluate(b, u, v)
            u += du
            v += dv
        }
        var xi = cd[0] * u + cd[1] * v, eta = cd[2] * u + cd[3] * v
        if case .tpv(let pv1, let pv2) = distortion {
            (xi, eta) = (Self.tpv(pv1, xi, eta), Self.tpv(pv2, eta, xi))
        }
        let s = Double.pi / 180
        let p = center.vector + (xi * s) * east.vector + (eta * s) * north
        return p.normalized ?? center
    }

    /// The RA/Dec in degrees of a 1-based pixel position.
    public func lonLat(x: Double, y: Double) -> LonLat { LonLat(direction(x: x, y: y)) }

    /// The image's outline on the sky: the hull of its four outer corners and four edge midpoints (pixel edges,
    /// not centres), for an image of `width` × `height` pixels (NAXIS1 × NAXIS2).
    public func region(width: Int, height: Int) throws(SkyError) -> ConvexPolygon {
        guard width > 0, height > 0 else { throw SkyError("an image of \(width)×\(height) pixels has no area") }
        let xs = [0.5, (Double(width) + 1) / 2, Double(width) + 0.5], ys = [0.5, (Double(height) + 1) / 2, Double(height) + 0.5]
        var points: [UnitVector] = []
        for (i, x) in xs.enumerated() { for (j, y) in ys.enumerated() where !(i == 1 && j == 1) { points.append(direction(x: x, y: y)) } }
        return try ConvexPolygon(hullOf: points)
    }

    static func evaluate(_ m: [[Double]], _ u: Double, _ v: Double) -> Double {
        var sum = 0.0, up = 1.0
        for p in 0..<m.count {
            var vq = 1.0
            for q in 0..<(m.count - p) {
                sum += m[p][q] * up * vq
                vq *= v
            }
            up *= u
        }
        return sum
    }

    /// The TPV polynomial: terms by degree, x^(d-i)·y^i for i = 0…d, with r^d after each odd degree.
    static func tpv(_ c: [Double], _ x: Double, _ y: Double) -> Double {
        let r = (x * x + y * y).squareRoot()
        var sum = c[0], k = 1
        var xp = [1.0], yp = [1.0]
        for _ in 1...7 {
            xp.append(xp.last! * x)
            yp.append(yp.last! * y)
        }
        for d in 1...7 {
            for i in 0...d {
                sum += c[k] * xp[d - i] * yp[i]
                k += 1
            }
            if d % 2 == 1 {
                sum += c[k] * pow(r, Double(d))
                k += 1
            }
        }
        return sum
    }
}
