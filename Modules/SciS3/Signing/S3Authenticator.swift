import Crypto
import Foundation
import SciHTTP

/// Signs each attempt of a request with Signature V4 just before it is sent, so a retry carries a fresh date.
struct S3Authenticator: Authenticator {
    /// The signer.
    let signer: SignatureV4

    func authorize(_ request: inout HTTPRequest) async throws {
        // Streamed uploads set their own hash (computed from the file); small bodies and empty requests are hashed here.
        let payloadHash = request.headers["x-amz-content-sha256"]
            ?? request.body.map { SignatureV4.hex(SHA256.hash(data: $0)) } ?? SignatureV4.emptyPayloadHash
        let fields = request.headers.map { (name: $0.name, value: $0.value) }
        var signed = HTTPHeaders()
        for field in signer.sign(method: request.method.rawValue, url: request.url, headers: fields, payloadHash: payloadHash, date: Date()) {
            signed.add(field.name, field.value)
        }
        request.headers = signed
    }
}
