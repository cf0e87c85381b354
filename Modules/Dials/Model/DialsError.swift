public import SciCore

/// Failures particular to DIALS; HTTP failures stay `HTTPError`.
public enum DialsError: Error, Sendable, SciErrorConvertible {
    /// The answer was not what DIALS sends.
    case unexpectedAnswer(url: String, reason: String)
    /// `get` lacks a key of the endpoint.
    case missingKey(endpoint: DialsEndpoint, key: String)
    /// No credentials were found.
    case notLoggedIn(cacheFile: String)
    /// The cached device credentials cannot be refreshed any more.
    case staleCredentials(cacheFile: String)
    /// The device code expired before the user approved it.
    case deviceExpired
    /// The identity provider refused the device flow or a refresh.
    case authorizationFailed(String)
    /// The identity provider refused an application's client id and secret.
    case applicationRefused(clientID: String, reason: String)

    public var sciError: SciError {
        switch self {
        case .unexpectedAnswer(let url, let reason):
            return SciError("unexpected answer from \(url): \(reason)", hint: "is this a DIALS server and API version?")
        case .missingKey(let endpoint, let key):
            return SciError("\(endpoint.rawValue) needs --\(key) to name one object (keys: \(endpoint.keys.joined(separator: ", ")))",
                            exitCode: SciError.usageExitCode)
        case .notLoggedIn(let file):
            return SciError("no DIALS credentials: \(file) does not exist and no token was given",
                            hint: "run `sci dials login`, or set SCI_DIALS_TOKEN")
        case .staleCredentials(let file):
            return SciError("the DIALS credentials cached in \(file) have expired and cannot be refreshed",
                            hint: "run `sci dials login` again")
        case .deviceExpired:
            return SciError("the login code expired before it was approved", hint: "run `sci dials login` again and approve sooner")
        case .authorizationFailed(let reason):
            return SciError("DIALS login failed: \(reason)", hint: "run `sci dials login` again")
        case .applicationRefused(let clientID, let reason):
            return SciError("no DIALS token for the application \(clientID): \(reason)",
                            hint: "check its client id and secret (SCI_DIALS_CLIENT_ID, SCI_DIALS_CLIENT_SECRET) and that DIALS granted it API access")
        }
    }
}
