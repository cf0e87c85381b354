import Foundation

/// HEALPix at one level (Nside = 2^level), nested and ring indexes equal to healpy's and hpgeom's, with region
/// coverage as lsst.sphgeom's HealpixPixelization (daf_butler's `healpixN`, nested).
public struct HEALPixPixelization: Equatable, Sendable {
    /// The level: Nside = 2^level, 0…29.
    public let level: Int
    /// Nside, the number of pixels along a base pixel's side.
    public let nside: Int

    /// The deepest level a 64-bit index holds (12·4^29 pixels).
    public static let maxLevel = 29

    /// The pixelization at a level; throws outside 0…29.
    public init(level: Int) throws(SkyError) {
        guard (0...HEALPixPixelization.maxLevel).contains(level) else {
            throw SkyError("HEALPix level \(level) is outside 0…\(HEALPixPixelization.maxLevel)",
                           hint: "use healpix0 … healpix29 (Nside = 2^level), e.g. healpix8 for Nside 256")
        }
        self.level = level
        nside = 1 << level
    }

    /// The pixelization for an Nside that is a power of two.
    public init(nside: Int) throws(SkyError) {
        guard nside > 0, nside & (nside - 1) == 0 else {
            throw SkyError("Nside \(nside) is not a power of two", hint: "use Nside 1, 2, 4, … 2^29")
        }
        try self.init(level: nside.trailingZeroBitCount)
    }

    /// The number of pixels, 12·Nside².
    public var pixelCount: UInt64 { 12 << UInt64(2 * level) }

    // The base pixels' row (in units of the face) and column offsets, from the HEALPix paper's layout.
    static let faceRow: [Int] = [2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4]
    static let faceColumn: [Int] = [1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7]

    /// The pixel's face and position in the face (x, y in 0..<Nside), from z = cos θ and φ in radians.
    @inline(__always)
    func locate(z: Double, phi: Double, sinTheta: Double?) -> (face: Int, x: Int, y: Int, jp: Int, jm: Int) {
        let za = abs(z)
        let tt = Self.wrap4(phi * (2 / Double.pi))
        let n = Double(nside)
        if za <= 2.0 / 3.0 {
            let t1 = n * (0.5 + tt), t2 = n * (z * 0.75)
            let jp = Int(t1 - t2), jm = Int(t1 + t2)
            let ifp = jp >> level, ifm = jm >> level
            let face = ifp == ifm ? (ifp | 4) : (ifp < ifm ? ifp : ifm + 8)
            return (face, jm & (nside - 1), nside - (jp & (nside - 1)) - 1, jp, jm)
        }
        let ntt = min(3, Int(tt))
        let tp = tt - Double(ntt)
        let tmp: Double
        if let s = sinTheta, za >= 0.99 { tmp = n * s / ((1 + za) / 3).squareRoot() } else { tmp = n * (3 * (1 - za)).squareRoot() }
        let jp = min(Int(tp * tmp), nside - 1), jm = min(Int((1 - tp) * tmp), nside - 1)
        if z >= 0 { return (ntt, nside - jm - 1, nside - jp - 1, jp, jm) }
        return (ntt + 8, jp, jm, jp, jm)
    }

    /// φ/(π/2) wrapped into [0, 4).
    @inline(__always) static func wrap4(_ v: Double) -> Double {
        if v >= 0 { return v < 4 ? v : fmod(v, 4) }
        let t = fmod(v, 4) + 4
        return t == 4 ? 0 : t
    }

    /// The nested index of a direction (as healpy's vec2pix(nest=True) and hpgeom's vector_to_pixel).
    public func nestedIndex(_ v: UnitVector) -> UInt64 {
        let (z, phi, s) = Self.zPhi(v)
        let p = locate(z: z, phi: phi, sinTheta: s)
        return nested(face: p.face, x: p.x, y: p.y)
    }

    /// The nested index of an RA/Dec position in degrees (as healpy's ang2pix(nest=True, lonlat=True)); throws for a
    /// non-finite number or a Dec outside [-90, 90], which have no pixel (a NaN would trap in `Int(_:)`).
    public func nestedIndex(lon: Double, lat: Double) throws(SkyError) -> UInt64 {
        // Checked only: the index is of the position as given, so a longitude past 360 keeps healpy's rounding.
        _ = try LonLat(lon: lon, lat: lat)
        let (z, phi, s) = Self.zPhi(lon: lon, lat: lat)
        let p = locate(z: z, phi: phi, sinTheta: s)
        return nested(face: p.face, x: p.x, y: p.y)
    }

    /// The ring index of a direction (as healpy's vec2pix(nest=False)).
    public func ringIndex(_ v: UnitVector) -> UInt64 {
        let (z, phi, s) = Self.zPhi(v)
        return ring(z: z, phi: phi, sinTheta: s)
    }

    /// The ring index of an RA/Dec position in degrees (as healpy's ang2pix(lonlat=True)); throws as `nestedIndex`.
    public func ringIndex(lon: Double, lat: Double) throws(SkyError) -> UInt64 {
        _ = try LonLat(lon: lon, lat: lat)
        let (z, phi, s) = Self.zPhi(lon: lon, lat: lat)
        return ring(z: z, phi: phi, sinTheta: s)
    }

    /// z, φ and (near the poles) sin θ of a vector, the way healpy's vec2pix takes them.
    static func zPhi(_ v: UnitVector) -> (Double, Double, Double?) {
        let inv = 1 / (v.x * v.x + v.y * v.y + v.z * v.z).squareRoot()
        let phi = (v.x == 0 && v.y == 0) ? 0 : atan2(v.y, v.x)
        let z = v.z * inv
        return (z, phi, abs(z) > 0.99 ? (v.x * v.x + v.y * v.y).squareRoot() * inv : nil)
    }

    /// z, φ and sin θ of RA/Dec in degrees, the way healpy's ang2pix(lonlat=True) takes them.
    static func zPhi(lon: Double, lat: Double) -> (Double, Double, Double?) {
        let theta = (90 - lat) * .pi / 180
        let phi = lon * .pi / 180
        let nearPole = theta < 0.01 || theta > 3.14159 - 0.01
        return (cos(theta), phi, nearPole ? sin(theta) : nil)
    }

    func nested(face: Int, x: Int, y: Int) -> UInt64 {
        (UInt64(face) << UInt64(2 * level)) + Self.spread(UInt64(x)) + (Self.spread(UInt64(y)) << 1)
    }

    /// The bits of v moved to the even bit positions.
    @inline(__always) static func spread(_ v: UInt64) -> UInt64 {
        var x = v & 0xFFFF_FFFF
        x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFF
        x = (x | (x << 8)) & 0x00FF_00FF_00FF_00FF
        x = (x | (x << 4)) & 0x0F0F_0F0F_0F0F_0F0F
        x = (x | (x << 2)) & 0x3333_3333_3333_3333
        x = (x | (x << 1)) & 0x5555_5555_5555_5555
        return x
    }

    /// The even bits of v packed together.
    @inline(__always) static func compress(_ v: UInt64) -> UInt64 {
        var x = v & 0x5555_5555_5555_5555
        x = (x | (x >> 1)) & 0x3333_3333_3333_3333
        x = (x | (x >> 2)) & 0x0F0F_0F0F_0F0F_0F0F
        x = (x | (x >> 4)) & 0x00FF_00FF_00FF_00FF
        x = (x | (x >> 8)) & 0x0000_FFFF_0000_FFFF
        x = (x | (x >> 16)) & 0x0000_0000_FFFF_FFFF
        return x
    }

    func ring(z: Double, phi: Double, sinTheta: Double?) -> UInt64 {
        let za = abs(z)
        let tt = Self.wrap4(phi * (2 / Double.pi))
        let n = Double(nside)
        let nl4 = 4 * nside
        let ncap = 2 * nside * (nside - 1)
        if za <= 2.0 / 3.0 {
            let t1 = n * (0.5 + tt), t2 = n * (z * 0.75)
            let jp = Int(t1 - t2), jm = Int(t1 + t2)
            let ir = nside + 1 + jp - jm
            let kshift = 1 - (ir & 1)
            let t = jp + jm - nside + kshift + 1 + 2 * nl4
            let ip = level > 0 ? (t >> 1) & (nl4 - 1) : (t >> 1) % nl4
            return UInt64(ncap + (ir - 1) * nl4 + ip)
        }
        let tp = tt - Double(Int(tt))
        let tmp: Double
        if let s = sinTheta, za >= 0.99 { tmp = n * s / ((1 + za) / 3).squareRoot() } else { tmp = n * (3 * (1 - za)).squareRoot() }
        let jp = Int(tp * tmp), jm = Int((1 - tp) * tmp)
        let ir = jp + jm + 1
        let ip = min(Int(tt * Double(ir)), 4 * ir - 1)
        let npix = 12 * nside * nside
        return UInt64(z > 0 ? 2 * ir * (ir - 1) + ip : npix - 2 * ir * (ir + 1) + ip)
    }

    /// The ring index of a nested index.
    public func ringIndex(nested pixel: UInt64) throws(SkyError) -> UInt64 {
        let c = try center(pixel)
        return ringIndex(c)
    }

    /// The face and in-face position of a nested index.
    func faceXY(_ pixel: UInt64) -> (face: Int, x: Int, y: Int) {
        let shift = UInt64(2 * level)
        let face = Int(pixel >> shift)
        let local = pixel & ((1 << shift) - 1)
        return (face, Int(Self.compress(local)), Int(Self.compress(local >> 1)))
    }

    /// The direction of a point of a face, x and y in face units [0, 1].
    static func direction(face: Int, x: Double, y: Double) -> UnitVector {
        let jr = Double(faceRow[face]) - x - y
        let nr: Double, z: Double
        var sinTheta: Double? = nil
        if jr < 1 {
            nr = jr
            let t = nr * nr / 3
            z = 1 - t
            if z > 0.99 { sinTheta = (t * (2 - t)).squareRoot() }
        } else if jr > 3 {
            nr = 4 - jr
            let t = nr * nr / 3
            z = t - 1
            if z < -0.99 { sinTheta = (t * (2 - t)).squareRoot() }
        } else {
            nr = 1
            z = (2 - jr) * 2 / 3
        }
        var t = Double(faceColumn[face]) * nr + x - y
        if t < 0 { t += 8 }
        if t >= 8 { t -= 8 }
        let phi = nr < 1e-15 ? 0 : (0.25 * .pi * t) / nr
        let st = sinTheta ?? ((1 - z) * (1 + z)).squareRoot()
        return UnitVector(unchecked: st * cos(phi), st * sin(phi), z)
    }

    /// The centre of a nested pixel; throws for an index outside the level.
    public func center(_ pixel: UInt64) throws(SkyError) -> UnitVector {
        try check(pixel)
        let p = faceXY(pixel)
        let n = Double(nside)
        return Self.direction(face: p.face, x: (Double(p.x) + 0.5) / n, y: (Double(p.y) + 0.5) / n)
    }

    /// The four corners of a nested pixel (north, west, south, east, as healpy's boundaries(step=1)).
    public func corners(_ pixel: UInt64) throws(SkyError) -> [UnitVector] {
        try check(pixel)
        let p = faceXY(pixel)
        return corners(face: p.face, x: p.x, y: p.y, nside: nside)
    }

    func corners(face: Int, x: Int, y: Int, nside: Int) -> [UnitVector] {
        let n = Double(nside), x0 = Double(x) / n, y0 = Double(y) / n, x1 = Double(x + 1) / n, y1 = Double(y + 1) / n
        return [Self.direction(face: face, x: x1, y: y1), Self.direction(face: face, x: x0, y: y1),
                Self.direction(face: face, x: x0, y: y0), Self.direction(face: face, x: x1, y: y0)]
    }

    func check(_ pixel: UInt64) throws(SkyError) {
        guard pixel < pixelCount else {
            throw SkyError("\(pixel) is not a healpix\(level) pixel", hint: "healpix\(level) pixels run from 0 to \(pixelCount - 1)")
        }
    }
}
