import Foundation

/// The ids HIPPO hands out: MongoDB ObjectId-like, 24 lowercase hex digits (4 bytes of seconds, 8 random bytes).
enum ObjectID {
    /// A new id; the leading timestamp keeps ids roughly in creation order, as MongoDB's do.
    static func make(now: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        let seconds = UInt32(truncatingIfNeeded: Int64(now.timeIntervalSince1970))
        return hex(UInt64(seconds), digits: 8) + hex(generator.next(), digits: 16)
    }

    /// Whether `text` has the shape of an id; HIPPO answers 422 for one that does not.
    static func isValid(_ text: String) -> Bool {
        text.utf8.count == 24 && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    /// `value` in lowercase hex, zero-padded to `digits`.
    static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// Bytes in lowercase hex.
    static func hex(bytes: some Sequence<UInt8>) -> String { bytes.map { hex(UInt64($0), digits: 2) }.joined() }

    /// `count` random bytes in hex, for tokens and keys.
    static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return hex(bytes: (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
