/// Percent-encoding as AWS Signature V4 wants it: every byte but the RFC 3986 unreserved characters, so a signed URL
/// reads the same to every client (botocore encodes this way).
enum URIEncoding {
    /// The encoded form of `text`; `keepSlash` leaves `/` as is (object keys in a path).
    static func encode(_ text: String, keepSlash: Bool = false) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                result.append("/")
            default:
                result.append("%")
                result.append(hexDigits[Int(byte >> 4)])
                result.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return result
    }

    private static let hexDigits: [Character] = Array("0123456789ABCDEF")
}
