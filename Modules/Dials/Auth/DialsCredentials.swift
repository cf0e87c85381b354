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
}
