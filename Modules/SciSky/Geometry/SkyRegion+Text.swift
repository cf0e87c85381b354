import Foundation

extension SkyRegion {
    /// A region from text, in any of the forms users and daf_butler write: IVOA SIAv2 POS (`CIRCLE 150.1 2.2 0.5`,
    /// `RANGE lon1 lon2 lat1 lat2`, `POLYGON lon1 lat1 lon2 lat2 …`), the same with parentheses and commas
    /// (`CIRCLE(150.1, 2.2, 0.5)`), or sphgeom's encoding as hex. Degrees throughout.
    public init(parsing text: String) throws(SkyError) {
        // Trimmed and split on the UTF-8 bytes: Foundation's trimming and replacing cost more than the geometry in an
        // insert of a million regions.
        let bytes = text.utf8
        let blank: (UInt8) -> Bool = { $0 == 0x20 || (0x09...0x0D).contains($0) }
        let start = bytes.firstIndex { !blank($0) } ?? bytes.endIndex
        let end = bytes.lastIndex { !blank($0) }.map { bytes.index(after: $0) } ?? start
        let trimmed = Substring(text.utf8[start..<max(start, end)])
        if let first = trimmed.first, first.isHexDigit, trimmed.allSatisfy(\.isHexDigit) {
            try self.init(sphgeomHex: String(trimmed))
            return
        }
        let words = trimmed.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x28 || $0 == 0x29 || $0 == 0x2C })
            .map { Substring($0) }
        guard let shape = words.first?.uppercased() else { throw SkyError("an empty region") }
        var numbers: [Double] = []
        numbers.reserveCapacity(words.count)
        // Decimal numbers only: Double(_:) also reads hexadecimal ("0x10" is 16) and "nan"/"inf".
        let decimal: (UInt8) -> Bool = { (0x30...0x39).contains($0) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E || $0 == 0x45 || $0 == 0x65 }
        for w in words.dropFirst() {
            guard w.utf8.allSatisfy(decimal), let d = Double(w), d.isFinite else {
                throw SkyError("'\(w)' in region '\(trimmed)' is not a number", hint: "write e.g. CIRCLE 150.1 2.2 0.5 (degrees)")
            }
            numbers.append(d)
        }
        switch shape {
        case "CIRCLE":
            guard numbers.count == 3 else { throw SkyError("CIRCLE takes lon lat radius, got \(numbers.count) numbers") }
            self = .circle(try Circle(lon: numbers[0], lat: numbers[1], radius: numbers[2]))
        case "RANGE":
            guard numbers.count == 4 else { throw SkyError("RANGE takes lon1 lon2 lat1 lat2, got \(numbers.count) numbers") }
            self = .box(try Box(lonMin: numbers[0], lonMax: numbers[1], latMin: numbers[2], latMax: numbers[3]))
        case "POLYGON":
            guard numbers.count >= 6, numbers.count % 2 == 0 else {
                throw SkyError("POLYGON takes at least 3 lon lat pairs, got \(numbers.count) numbers")
            }
            self = .polygon(try ConvexPolygon(lonLats: stride(from: 0, to: numbers.count, by: 2).map { (numbers[$0], numbers[$0 + 1]) }))
        default:
            throw SkyError("unknown region shape '\(shape)'", hint: "use CIRCLE, RANGE or POLYGON (IVOA POS), or sphgeom hex")
        }
    }

    /// The region as an IVOA POS string (degrees).
    public var ivoaPos: String {
        switch self {
        case .circle(let c):
            let p = LonLat(c.center)
            return "CIRCLE \(p.lon) \(p.lat) \(c.radius)"
        case .polygon(let p):
            return "POLYGON " + p.vertices.map { let q = LonLat($0); return "\(q.lon) \(q.lat)" }.joined(separator: " ")
        case .box(let b):
            return b.isFullLongitude ? "RANGE 0 360 \(b.latMin) \(b.latMax)" : "RANGE \(b.lonMin) \(b.lonMax) \(b.latMin) \(b.latMax)"
        }
    }
}
