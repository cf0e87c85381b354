public import SciCore
import SciHTTP

/// Why an S3 operation failed, in the user's words. No case holds a secret: S3's own error bodies name the key ID at
/// most, and the messages are passed through the redactor.
public enum S3Error: Error, Sendable, Equatable, SciErrorConvertible {
    /// The server refused with its own error code (`NoSuchBucket`, `SignatureDoesNotMatch`, `AccessDenied`, …).
    case service(code: String, message: String, status: Int, resource: String)
    /// What arrived (or was stored) is not what was sent: the checksums differ. The bad copy was removed.
    case checksumMismatch(resource: String, expected: String, actual: String)
    /// An `s3://` URI that names no bucket, or a key that cannot be stored.
    case invalidURI(String)
    /// The answer did not have the shape S3 answers have.
    case unexpectedAnswer(String, resource: String)

    /// The user-facing form.
    public var sciError: SciError {
        switch self {
        case .service(let code, let message, let status, let resource):
            let text = Redactor.shared.redact("\(resource): \(code)\(message.isEmpty ? "" : ": \(message)") (HTTP \(status))")
            switch code {
            case "SignatureDoesNotMatch":
                return SciError(text, hint: "the secret key is wrong: check AWS_SECRET_ACCESS_KEY or the profile's aws_secret_access_key")
            case "InvalidAccessKeyId":
                return SciError(text, hint: "the server does not know this key: check AWS_ACCESS_KEY_ID, AWS_PROFILE and S3_ENDPOINT_URL")
            case "NoSuchBucket": return SciError(text, hint: "create the bucket first, or check the name and S3_ENDPOINT_URL")
            case "AccessDenied": return SciError(text, hint: "the key lacks the permission for this")
            default: return SciError(text)
            }
        case .checksumMismatch(let resource, let expected, let actual):
            return SciError("\(resource): checksum \(actual) differs from \(expected); the bad copy was removed", hint: "retry")
        case .invalidURI(let message): return SciError(message, hint: "S3 locations look like s3://bucket/prefix")
        case .unexpectedAnswer(let message, let resource):
            return SciError("unexpected answer from \(resource): \(message)", hint: "is S3_ENDPOINT_URL an S3-compatible server?")
        }
    }

    /// The S3 error an HTTP failure stands for, when the server sent one; other failures are returned unchanged.
    static func from(_ error: any Error, resource: String) -> any Error {
        guard case HTTPError.status(let status, let excerpt, _) = error else { return error }
        let body = Substring(excerpt)
        let code = S3XML.value("Code", in: body) ?? (status == 404 ? "NotFound" : status == 403 ? "AccessDenied" : "HTTP\(status)")
        return S3Error.service(code: code, message: S3XML.value("Message", in: body) ?? "", status: status, resource: resource)
    }
}
