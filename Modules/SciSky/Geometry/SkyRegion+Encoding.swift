import Foundation

extension SkyRegion {
    /// The region in lsst.sphgeom's binary encoding (`Region.encode()`): a type byte, then little-endian doubles —
    /// `c` centre xyz, squared chord, opening angle; `p` the vertices' xyz; `b` lon a, lon b, lat a, lat b in
    /// radians. daf_butler stores regions so; sci keeps them as hex text.
    public var sphgeomBytes: [UInt8] {
        var out: [UInt8] = []
        func put(_ d: Double) { withUnsafeBytes(of: d.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        switch self {
        case .circle(let c):
            out.append(0x63)
            put(c.center.x); put(c.center.y); put(c.center.z)
            put(c.squaredChord); put(c.radius * .pi / 180)
        case .polygon(let p):
            out.append(0x70)
            for v in p.vertices { put(v.x); put(v.y); put(v.z) }
        case .box(let b):
            out.append(0x62)
            let full = b.isFullLongitude
            put(full ? 0 : b.lonMin * .pi / 180); put(full ? 2 * .pi : b.lonMax * .pi / 180)
            put(b.latMin * .pi / 180); put(b.latMax * .pi / 180)
        }
        return out
    }

    /// The encoding as lowercase hex, the form sci stores in a registry.
    public var sphgeomHex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(2 * sphgeomBytes.count)
        for byte in sphgeomBytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A region from sphgeom's binary encoding; throws for anything else (including sphgeom's compound regions).
    public init(sphgeomBytes bytes: [UInt8]) throws(SkyError) {
        func doubles(_ count: Int) throws(SkyError) -> [Double] {
            guard bytes.count == 1 + 8 * count else {
                throw SkyError("a sphgeom '\(Character(Unicode.Scalar(bytes[0])))' region of \(bytes.count) bytes is malformed")
            }
            return (0..<count).map { i in
                var bits: UInt64 = 0
                for k in 0..<8 { bits |= UInt64(bytes[1 + 8 * i + k]) << (8 * UInt64(k)) }
                return Double(bitPattern: bits)
            }
        }
        guard let kind = bytes.first else { throw SkyError("an empty region encoding") }
        switch kind {
        case 0x63:
            let d = try doubles(5)
            guard let c = Self.direction(d[0], d[1], d[2]) else { throw SkyError("a circle with no centre direction") }
            guard d[3].isFinite, d[3] >= 0, d[3] <= 4, d[4].isFinite, d[4] >= 0, d[4] <= .pi else {
                throw SkyError("a circle's radius in a region encoding is out of range")
            }
            self = .circle(Circle(center: c, radius: d[4] * 180 / .pi, squaredChord: d[3]))
        case 0x70:
            guard (bytes.count - 1) % 24 == 0, bytes.count > 1 else { throw SkyError("a sphgeom polygon of \(bytes.count) bytes is malformed") }
            let d = try doubles((bytes.count - 1) / 8)
            var vs: [UnitVector] = []
            for i in stride(from: 0, to: d.count, by: 3) {
                guard let v = Self.direction(d[i], d[i + 1], d[i + 2]) else { throw SkyError("a polygon vertex is not a direction") }
                vs.append(v)
            }
            self = .polygon(try ConvexPolygon(vertices: vs))
        case 0x62:
            let d = try doubles(4).map { $0 * 180 / .pi }
            let full = d[0] == 0 && d[1] >= 360
            self = .box(try Box(lonMin: d[0], lonMax: full ? 360 : d[1], latMin: d[2], latMax: d[3]))
        default:
            throw SkyError("region encoding type 0x\(String(kind, radix: 16)) is not a circle, polygon or box",
                           hint: "sci reads sphgeom's Circle, ConvexPolygon and Box encodings")
        }
    }

    /// A stored direction as it is when it is already a unit vector (so a region reads back bit for bit), else
    /// normalised.
    static func direction(_ x: Double, _ y: Double, _ z: Double) -> UnitVector? {
        let n2 = x * x + y * y + z * z
        guard n2.isFinite else { return nil }
        return abs(n2 - 1) < 1e-14 ? UnitVector(unchecked: x, y, z) : UnitVector(normalizing: x, y, z)
    }

    /// A region from sphgeom's encoding as hex text.
    public init(sphgeomHex text: String) throws(SkyError) {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0, !chars.isEmpty else { throw SkyError("a region's hex encoding has an odd length") }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            case 65...70: c - 55
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chars.count / 2)
        for i in stride(from: 0, to: chars.count, by: 2) {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { throw SkyError("a region's hex encoding has a non-hex character") }
            bytes.append(hi << 4 | lo)
        }
        try self.init(sphgeomBytes: bytes)
    }
}
