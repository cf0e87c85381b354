import Crypto
import Foundation
import SciCore

/// Signs and checks the part-upload and download URLs the server hands out, which, like S3's presigned URLs, work
/// without an API key until they expire. The HMAC key lives in `ROOT/signing.key` (0600).
struct URLSigner: Sendable {
    private let key: Data
    /// How long a URL stays valid; HIPPO's presigned URLs last a day.
    let lifetime: TimeInterval

    init(root: String, lifetime: TimeInterval = 86_400) throws {
        let path = root + "/signing.key"
        if !FileManager.default.fileExists(atPath: path) {
            try SecretFile.write(Secret(ObjectID.randomHex(bytes: 32)), to: path)
        }
        key = Data(try SecretFile.read(path).reveal().utf8)
        self.lifetime = lifetime
    }

    /// The query `expires=T&signature=S` that lets a URL reach `resource` until it expires.
    func query(for resource: String, now: Date = Date()) -> String {
        let expires = Int64(now.timeIntervalSince1970 + lifetime)
        return "expires=\(expires)&signature=\(signature(resource, expires))"
    }

    /// Throws 403 unless the signature fits the path and has not expired.
    func check(_ resource: String, expires: String?, signature: String?, now: Date = Date()) throws(HippoError) {
        guard let expires = expires.flatMap({ Int64($0) }), let signature else {
            throw HippoError(403, "this URL is not signed; ask the registry for a new one")
        }
        guard Double(expires) >= now.timeIntervalSince1970 else { throw HippoError(403, "this URL has expired; ask the registry for a new one") }
        let expected = self.signature(resource, expires)
        // Compared in constant time so the signature cannot be found byte by byte.
        guard expected.utf8.count == signature.utf8.count,
            zip(expected.utf8, signature.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0
        else { throw HippoError(403, "this URL's signature is not valid") }
    }

    private func signature(_ resource: String, _ expires: Int64) -> String {
        ObjectID.hex(bytes: HMAC<SHA256>.authenticationCode(for: Data("\(resource)\n\(expires)".utf8), using: SymmetricKey(data: key)))
    }
}
