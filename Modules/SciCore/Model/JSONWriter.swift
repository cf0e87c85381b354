/// Writes a `JSONValue` as JSON with sorted keys and unescaped slashes, what `JSONEncoder` with
/// `[.sortedKeys, .withoutEscapingSlashes]` gives without its cost (listings write one value per row, and a
/// `JSONEncoder` per row took longer than the queries that produced the rows), except for one thing: a `Double`
/// keeps its `.0` (`300.0`, as Python writes it), so a float sent to Tiled or read back by a script stays a float.
enum JSONWriter {
    /// Appends the JSON object `members`, whose keys, sorted, are usually `sortedKeys`: output rows, whose columns are
    /// known once, so each row is written without sorting its keys again.
    static func writeObject(_ members: [String: JSONValue], sortedKeys: [String], into bytes: inout [UInt8]) {
        let start = bytes.count
        if members.count == sortedKeys.count {
            bytes.append(UInt8(ascii: "{"))
            for (index, key) in sortedKeys.enumerated() {
                guard let value = members[key] else { break }
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                writeString(key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                write(value, into: &bytes)
                if index == sortedKeys.count - 1 {
                    bytes.append(UInt8(ascii: "}"))
                    return
                }
            }
        }
        // Other keys than the columns: start again, sorting this row's own.
        bytes.removeSubrange(start...)
        write(.object(members), into: &bytes)
    }

    /// The bytes that come before each member's value in an object written by `writeObject(keys:values:)`: `"key":`,
    /// with the comma that separates it from the member before. Made once per listing, so a row costs no key escaping.
    static func memberPrefixes(keys: [String], order: [Int]) -> [[UInt8]] {
        order.enumerated().map { index, position in
            var bytes: [UInt8] = index > 0 ? [UInt8(ascii: ",")] : []
            writeString(keys[position], into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            return bytes
        }
    }

    /// Appends the JSON object whose members are `keys[order[i]]: values[order[i]]`, in that order, given the keys as
    /// `memberPrefixes(keys:order:)`: output rows given by position, written without a dictionary or a key per row.
    static func writeObject(prefixes: [[UInt8]], values: [JSONValue], order: [Int], into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        for (prefix, position) in zip(prefixes, order) {
            bytes += prefix
            write(position < values.count ? values[position] : .null, into: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// The keys of an object in the order JSONEncoder's `.sortedKeys` writes them on Linux: by UTF-8 bytes.
    static func sorted(_ keys: some Sequence<String>) -> [String] {
        keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Appends `value`: compact, or with `indent` (the depth it starts at) indented for files people read, two spaces
    /// a level and `"key": value`; empty containers stay `[]` and `{}`.
    static func write(_ value: JSONValue, into bytes: inout [UInt8], indent: Int? = nil) {
        let inner = indent.map { $0 + 1 }
        func breakLine(_ depth: Int?) {
            guard let depth else { return }
            bytes.append(UInt8(ascii: "\n"))
            bytes += repeatElement(UInt8(ascii: " "), count: 2 * depth)
        }
        switch value {
        case .null: bytes += "null".utf8
        case .bool(let flag): bytes += (flag ? "true" : "false").utf8
        case .int(let number): writeInteger(number.magnitude, negative: number < 0, into: &bytes)
        case .uint(let number): writeInteger(number, negative: false, into: &bytes)
        case .double(let number): writeNumber(number, into: &bytes)
        case .string(let text): writeString(text, into: &bytes)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                breakLine(inner)
                write(item, into: &bytes, indent: inner)
            }
            if !items.isEmpty { breakLine(indent) }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (index, key) in sorted(members.keys).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                breakLine(inner)
                writeString(key, into: &bytes)
                bytes += (indent == nil ? ":" : ": ").utf8
                write(members[key]!, into: &bytes, indent: inner)
            }
            if !members.isEmpty { breakLine(indent) }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Decimal digits, written straight into `bytes`: listings are mostly integers, and the generic formatter behind
    /// `String(number)` showed in the profile of a 100,000-row listing.
    private static func writeInteger(_ number: UInt64, negative: Bool, into bytes: inout [UInt8]) {
        if negative { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 24 digits (20 needed), written backwards
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: buffer[(24 - count)..<24])
        }
    }

    /// Shortest round-trip digits as `Double.description` (`300.0`, `0.1`, `1e+16`); JSON has no infinities or NaN,
    /// so those become `null`.
    private static func writeNumber(_ number: Double, into bytes: inout [UInt8]) {
        guard number.isFinite else {
            bytes += "null".utf8
            return
        }
        bytes += number.description.utf8
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func writeString(_ text: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings need no escapes: copy them whole, scanning their bytes in place.
        let copied = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += #"\""#.utf8
            case UInt8(ascii: "\\"): bytes += #"\\"#.utf8
            case 0x08: bytes += #"\b"#.utf8
            case 0x0C: bytes += #"\f"#.utf8
            case UInt8(ascii: "\n"): bytes += #"\n"#.utf8
            case UInt8(ascii: "\r"): bytes += #"\r"#.utf8
            case UInt8(ascii: "\t"): bytes += #"\t"#.utf8
            case 0..<0x20:
                bytes += #"\u00"#.utf8
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
