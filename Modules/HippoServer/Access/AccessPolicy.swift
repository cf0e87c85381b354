/// How the server decides who a request acts for.
public enum AccessPolicy: Sendable, Equatable {
    /// API keys (`Authorization: Bearer KEY`); with `publicReads`, requests without a key may read.
    case keys(publicReads: Bool)
    /// HIPPO's mock authentication: every request acts as one local user with every scope. Loopback only.
    case none
}
