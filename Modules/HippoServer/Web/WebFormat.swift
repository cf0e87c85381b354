import HippoMeta
import SciCore

/// How values read on the pages: sizes in binary units, times to the minute in UTC, metadata values as lines.
enum WebFormat {
    /// `1.5 MiB`, `312 bytes`.
    static func bytes(_ count: Int64) -> String {
        guard count >= 1024 else { return count == 1 ? "1 byte" : "\(count) bytes" }
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(count) / 1024, unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let rounded = value < 10 ? (value * 10).rounded() / 10 : value.rounded()
        let text = rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
        return "\(text) \(units[unit])"
    }

    /// `2026-01-01T12:34:56.789000` (HIPPO's naive UTC) as `2026-01-01 12:34 UTC`; anything else as given.
    static func time(_ iso: String) -> String {
        let characters = Array(iso.utf8)
        guard characters.count >= 16, characters[10] == UInt8(ascii: "T") || characters[10] == UInt8(ascii: " ") else { return iso }
        return String(decoding: characters[0..<10], as: UTF8.self) + " " + String(decoding: characters[11..<16], as: UTF8.self) + " UTC"
    }

    /// A metadata value as the lines of a table cell: a list one item a line, a map `key: value` a line, nothing
    /// for null.
    static func lines(_ value: JSONValue) -> [String] {
        switch value {
        case .null: return []
        case .array(let items): return items.map(\.plainText)
        case .object(let members): return members.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.plainText)" }
        case .double(let number): return [number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)]
        default: return [value.plainText]
        }
    }

    /// The fields of `metadata` in the order hippometa declares them, `type` first, then any it does not know.
    static func fields(_ metadata: JSONValue) -> [(name: String, value: JSONValue)] {
        let kind = MetadataKind.of(metadata)
        var rows: [(name: String, value: JSONValue)] = [("type", .string(kind.tag))]
        rows += kind.fields.map { ($0.name, metadata[$0.name] ?? .null) }
        if case .object(let members) = metadata {
            let known = Set(kind.fields.map(\.name) + ["metadata_type"])
            rows += members.filter { !known.contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        return rows
    }

    /// "1 source", "3 sources".
    static func count(_ number: Int, _ noun: String) -> String { number == 1 ? "1 \(noun)" : "\(number) \(noun)s" }

    /// Whether a file of this name is an image every browser shows inline.
    static func isImage(_ name: String) -> Bool {
        let lower = name.lowercased()
        return [".png", ".jpg", ".jpeg", ".gif"].contains { lower.hasSuffix($0) }
    }

    /// Whether a file of this name is FITS, which the server can preview as a PNG.
    static func isFITS(_ name: String) -> Bool {
        let lower = name.lowercased()
        return [".fits", ".fit", ".fts"].contains { lower.hasSuffix($0) }
    }
}
