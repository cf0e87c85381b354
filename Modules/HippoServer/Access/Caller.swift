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

    /// The group everyone belongs to, keyed or not: a document whose readers hold it is public, and only public
    /// documents are open to anonymous readers of a `--public` server.
    static let everyone = "public"

    /// Whether the caller may read a document with these access lists. Anonymous callers (who hold the read scope
    /// only on a `--public` server) read public documents and nothing else, never more than a keyed non-reader.
    func canRead(readers: [String], writers: [String]) -> Bool {
        if isAdmin { return true }
        if readers.contains(Caller.everyone) { return scopes.contains(.read) }
        guard let name else { return false }
        return readers.contains(name) || writers.contains(name)
    }

    /// Whether the caller may change a document with these access lists.
    func canWrite(writers: [String]) -> Bool {
        guard let name else { return false }
        return isAdmin || (scopes.contains(.write) && writers.contains(name))
    }
}
