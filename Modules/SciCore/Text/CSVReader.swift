import Foundation

/// Reads CSV text (RFC 4180) into records: fields split by commas, records by LF, CRLF or CR; a field that starts
/// with `"` is quoted and may hold commas, line breaks and doubled quotes. Empty lines are skipped.
public struct CSVReader: Sendable {
    /// Whether blanks (spaces, tabs) around an unquoted field are dropped, as in hand-written tables.
    public var trimsBlanks: Bool

    /// A reader; `trimsBlanks` drops blanks around unquoted fields.
    public init(trimsBlanks: Bool = false) {
        self.trimsBlanks = trimsBlanks
    }

    /// The records of `text`, in order; a quoted field left open throws a `SciError` naming the line it opened on.
    public func records(in text: String) throws -> [[String]] {
        // Byte-level: every character CSV gives meaning to is ASCII, and UTF-8 never reuses those bytes.
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var wasQuoted = false
        var line = 1
        var quoteLine = 1
        func endField() {
            var bytes = field[...]
            if trimsBlanks, !wasQuoted {
                while let first = bytes.first, Self.isBlank(first) { bytes = bytes.dropFirst() }
                while let last = bytes.last, Self.isBlank(last) { bytes = bytes.dropLast() }
            }
            record.append(String(decoding: bytes, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            let empty = !wasQuoted && record.isEmpty && field.allSatisfy { trimsBlanks && Self.isBlank($0) }
            if empty {
                field.removeAll(keepingCapacity: true)
            } else {
                endField()
                records.append(record)
            }
            record = []
            wasQuoted = false
        }
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == Self.quote {
                    if index < bytes.count, bytes[index] == Self.quote {
                        field.append(Self.quote)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == Self.newline || (byte == Self.carriageReturn && (index == bytes.count || bytes[index] != Self.newline)) {
                        line += 1
                    }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case Self.quote where !wasQuoted && field.allSatisfy({ trimsBlanks && Self.isBlank($0) }):
                // A quote opens a quoted field only at its start (after blanks when those are trimmed).
                field.removeAll(keepingCapacity: true)
                quoted = true
                wasQuoted = true
                quoteLine = line
            case Self.comma:
                endField()
                wasQuoted = false
            case Self.newline:
                endRecord()
                line += 1
            case Self.carriageReturn:
                endRecord()
                line += 1
                if index < bytes.count, bytes[index] == Self.newline { index += 1 }
            default:
                // Blanks after a closing quote are around the field, not in it.
                if wasQuoted, trimsBlanks, Self.isBlank(byte) { break }
                field.append(byte)
            }
        }
        if quoted {
            throw SciError("a quoted field opened on line \(quoteLine) is not closed", hint: "close it with \"; write a quote inside it as \"\"")
        }
        endRecord()
        return records
    }

    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
}
