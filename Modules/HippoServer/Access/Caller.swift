/// Who a request acts for: a key's name (also its only group, as in HIPPO) and its scopes; anonymous has no name.
struct Caller: Sendable {
    /// The user name, nil for an anonymous reader of a `--public` server.
    var name: String?
    /// What the caller may do.
    var scopes: Set<Scope>

    /// The user HIPPO's mock authentication acts as.
    static let localUser = Caller(name: "test_user", scopes: Set(Scope.allCases))

    var isAdmin: Bool { scopes.contains(.admin) }

    /// Throws 403 unless the caller holds one of `scopes` (admin holds them all).
    func require(_ scope: Scope) throws(HippoError) {
        guard isAdmin || scopes.contains(scope) else {
            throw HippoError(403, name == nil ? "this needs an API key (send Authorization: Bearer KEY)" : "this needs the \(scope.rawValue) scope")
        }
    }

    /// Whether the caller may read a document with these access lists.
    func canRead(readers: [String], writers: [String]) -> Bool {
        guard let name else { return scopes.contains(.read) }
        return isAdmin || readers.contains(name) || writers.contains(name)
    }

    /// Whether the caller may change a document with these access lists.
    func canWrite(writers: [String]) -> Bool {
        guard let name else { return false }
        return isAdmin || (scopes.contains(.write) && writers.contains(name))
    }
}
