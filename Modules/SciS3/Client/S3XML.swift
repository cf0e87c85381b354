/// Reads the few fields sci needs from S3's XML answers (listings, multipart uploads, errors). S3 writes flat,
/// predictable XML, so looking up elements by name is enough; the text is unescaped.
enum S3XML {
    /// The text of every `<tag>…</tag>` in `xml`, in order.
    static func values(_ tag: String, in xml: Substring) -> [String] {
        elements(tag, in: xml).map { unescape($0) }
    }

    /// The text of the first `<tag>…</tag>`.
    static func value(_ tag: String, in xml: Substring) -> String? {
        elements(tag, in: xml).first.map { unescape($0) }
    }

    /// The raw content of every `<tag>…</tag>` (for blocks such as `<Contents>` that hold further elements).
    static func elements(_ tag: String, in xml: Substring) -> [Substring] {
        let open = "<\(tag)>", close = "</\(tag)>"
        var found: [Substring] = []
        var rest = xml
        while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
            found.append(rest[start.upperBound..<end.lowerBound])
            rest = rest[end.upperBound...]
        }
        return found
    }

    /// Text with XML's five named entities and numeric references replaced.
    static func unescape(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var result = ""
        var rest = text
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else {
                // A bare `&` (malformed, but a proxy's error page may have one): the rest is kept as sent, once.
                rest = rest[amp...]
                break
            }
            let name = rest[rest.index(after: amp)..<semicolon]
            switch name {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let number = name.hasPrefix("#x") ? UInt32(name.dropFirst(2), radix: 16) : name.hasPrefix("#") ? UInt32(name.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) { result.unicodeScalars.append(scalar) } else { result += rest[amp...semicolon] }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }

    /// Text escaped for an element's content.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
