import Foundation
public import SciCore
public import SciHTTP

/// The ways to authenticate to DIALS without the device flow.
public enum DialsCredentials {
    /// An application's client secret, sent as `X-CLIENT-SECRET` (cmsdials' `secret_key.Credentials(token=...)`).
    public static func clientSecret(_ secret: Secret) -> any Authenticator {
        APIKeyHeader(name: "X-CLIENT-SECRET", key: secret)
    }

    /// An access token, sent as `Authorization: Bearer TOKEN`.
    public static func bearer(_ token: Secret) -> any Authenticator { BearerToken(token) }

    /// Reads a token file (`--token-file`, `dials.token_file`): a regular file, readable by its owner only, holding
    /// a token. Each way it can be wrong is its own message: missing, a folder or a device, open to others, empty.
    public static func readTokenFile(_ path: String) throws -> Secret {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT {
                throw SciError("the DIALS token file \(path) does not exist", hint: "check the --token-file path")
            }
            throw FileError.cannotOpen(path, errno: code)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR:
            throw SciError("the DIALS token file \(path) is a folder", hint: "name the file that holds the token, such as \(path)/token")
        default:
            throw SciError("the DIALS token file \(path) is not a regular file", hint: "save the token in a file with mode 0600")
        }
        let token = try SecretFile.read(path)
        guard !token.reveal().isEmpty else {
            throw SciError("the DIALS token file \(path) is empty", hint: "write the DIALS access token into it (one line)")
        }
        return token
    }
}
