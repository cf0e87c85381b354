import Foundation

/// The fields of a query string or an `application/x-www-form-urlencoded` body, as a browser's form sends them:
/// `+` for a space, percent-encoded bytes, the last value winning for a repeated name.
struct WebForm: Sendable {
    /// The values by name.
    private(set) var values: [String: String] = [:]

    /// Parses `text` (the part after `?`, or a form body); malformed percent-encoding keeps the text as sent.
    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = WebForm.decode(parts[0])
            guard !name.isEmpty else { continue }
            values[name] = parts.count > 1 ? WebForm.decode(parts[1]) : ""
        }
    }

    /// The value of `name`, empty when absent.
    subscript(_ name: String) -> String { values[name] ?? "" }

    /// The last page a search goes to: a page reads every row before it, so one request cannot make the server read
    /// the whole registry; narrower searches reach further.
    static let lastPage = 200

    /// A page number from `name`: 1 when absent, nil when it is not a whole number from 1 to `lastPage`.
    func page(_ name: String = "page") -> Int? {
        let text = self[name]
        guard !text.isEmpty else { return 1 }
        guard text.utf8.count <= 5, let number = Int(text), (1...WebForm.lastPage).contains(number) else { return nil }
        return number
    }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// `name=value&...` with every name and value percent-encoded, for links that carry a search along.
    static func query(_ pairs: [(String, String)]) -> String {
        pairs.filter { !$0.1.isEmpty }.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    /// `text` percent-encoded for a query component: only unreserved characters stay as they are.
    static func encode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            if WebForm.unreserved.contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 15, radix: 16, uppercase: true)
            }
        }
        return encoded
    }
}
