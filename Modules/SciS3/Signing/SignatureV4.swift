import Crypto
import Foundation
import SciCore

/// AWS Signature Version 4 for S3: the `Authorization` header of a request, and presigned URLs. One implementation
/// for both, checked against boto3's own signatures (Tests/SciS3Tests/Fixtures).
struct SignatureV4: Sendable {
    /// Who signs.
    let credentials: S3Credentials
    /// The region in the credential scope.
    let region: String
    /// The service in the credential scope.
    static let service = "s3"
    /// The payload hash of a request whose body is not signed (presigned URLs, streamed uploads a caller chose not to hash).
    static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// The SHA-256 of no bytes.
    static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// A signed copy of `headers` for a request to `url`: `x-amz-date`, `x-amz-content-sha256`, the session token if
    /// any, and `Authorization`. `url` must be built by `S3Client` (path and query already strictly encoded).
    func sign(method: String, url: String, headers: [(name: String, value: String)], payloadHash: String, date: Date)
        -> [(name: String, value: String)]
    {
        let (host, path, query) = Self.split(url)
        let stamp = Self.timestamp(date)
        var signed = headers.filter { !["authorization", "x-amz-date", "x-amz-content-sha256"].contains($0.name.lowercased()) }
        signed.append(("x-amz-date", stamp))
        signed.append(("x-amz-content-sha256", payloadHash))
        if let token = credentials.sessionToken { signed.append(("x-amz-security-token", token.reveal())) }
        var canonical: [(String, String)] = [("host", host)]
        for (name, value) in signed {
            let lower = name.lowercased()
            guard lower.hasPrefix("x-amz-") || lower == "content-md5" || lower == "content-type" else { continue }
            canonical.append((lower, value.trimmingCharacters(in: .whitespaces)))
        }
        canonical.sort { $0.0 < $1.0 }
        let signedHeaders = canonical.map(\.0).joined(separator: ";")
        let request = [
            method, path, Self.canonicalQuery(query), canonical.map { "\($0.0):\($0.1)\n" }.joined(), signedHeaders, payloadHash,
        ].joined(separator: "\n")
        let signature = self.signature(of: request, stamp: stamp)
        signed.append((
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope(stamp)), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        ))
        return signed
    }

    /// A presigned URL for `url` (built by `S3Client`, its own query parameters first) valid for `expires` seconds
    /// from `date`: anyone holding it may do `method` on that object, and nothing else, until it expires. `headers`
    /// are signed too (as boto3 signs a parameter such as `IfNoneMatch`), so the URL works only with them sent.
    func presign(method: String, url: String, headers: [(name: String, value: String)] = [], expires: Int, date: Date) -> String {
        let (host, path, query) = Self.split(url)
        let canonical = ([("host", host)] + headers.map { ($0.name.lowercased(), $0.value.trimmingCharacters(in: .whitespaces)) })
            .sorted { $0.0 < $1.0 }
        let signedHeaders = canonical.map(\.0).joined(separator: ";")
        let stamp = Self.timestamp(date)
        var pairs = query
        pairs.append(("X-Amz-Algorithm", "AWS4-HMAC-SHA256"))
        pairs.append(("X-Amz-Credential", URIEncoding.encode("\(credentials.accessKeyId)/\(scope(stamp))")))
        pairs.append(("X-Amz-Date", stamp))
        pairs.append(("X-Amz-Expires", String(expires)))
        if let token = credentials.sessionToken { pairs.append(("X-Amz-Security-Token", URIEncoding.encode(token.reveal()))) }
        pairs.append(("X-Amz-SignedHeaders", URIEncoding.encode(signedHeaders)))
        let request = [
            method, path, Self.canonicalQuery(pairs), canonical.map { "\($0.0):\($0.1)\n" }.joined(), signedHeaders, Self.unsignedPayload,
        ].joined(separator: "\n")
        pairs.append(("X-Amz-Signature", signature(of: request, stamp: stamp)))
        let base = url.firstIndex(of: "?").map { String(url[..<$0]) } ?? url
        return base + "?" + pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    private func scope(_ stamp: String) -> String { "\(stamp.prefix(8))/\(region)/\(Self.service)/aws4_request" }

    private func signature(of canonicalRequest: String, stamp: String) -> String {
        let stringToSign = [
            "AWS4-HMAC-SHA256", stamp, scope(stamp), Self.hex(SHA256.hash(data: Data(canonicalRequest.utf8))),
        ].joined(separator: "\n")
        var key = SymmetricKey(data: Data(("AWS4" + credentials.secretAccessKey.reveal()).utf8))
        for part in [String(stamp.prefix(8)), region, Self.service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
    }

    /// The host (with a port that is not the scheme's default), the encoded path, and the encoded query pairs of a URL.
    static func split(_ url: String) -> (host: String, path: String, query: [(String, String)]) {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        let slash = rest.firstIndex(of: "/") ?? rest.firstIndex(of: "?") ?? rest.endIndex
        var host = String(rest[..<slash])
        if url.hasPrefix("http://"), host.hasSuffix(":80") { host.removeLast(3) }
        if url.hasPrefix("https://"), host.hasSuffix(":443") { host.removeLast(4) }
        let afterHost = rest[slash...]
        let question = afterHost.firstIndex(of: "?")
        let path = question.map { String(afterHost[..<$0]) } ?? String(afterHost)
        var pairs: [(String, String)] = []
        if let question {
            for item in afterHost[afterHost.index(after: question)...].split(separator: "&") {
                let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                pairs.append((String(parts[0]), parts.count > 1 ? String(parts[1]) : ""))
            }
        }
        return (host, path.isEmpty ? "/" : path, pairs)
    }

    /// Encoded pairs sorted by name, then value, as the canonical request has them.
    static func canonicalQuery(_ pairs: [(String, String)]) -> String {
        pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC, without a formatter (DateFormatter is slow and locale-bound).
    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }

    /// Lower-case hexadecimal of a digest.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var result = [UInt8]()
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: result, as: UTF8.self)
    }
}
