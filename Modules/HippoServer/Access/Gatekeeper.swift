import Hummingbird

/// Finds who a request acts for, under the server's access policy.
struct Gatekeeper: Sendable {
    let policy: AccessPolicy
    let keys: APIKeys

    /// The caller; 401 for a key the registry does not know.
    func caller(of request: Request) async throws -> Caller {
        switch policy {
        case .none:
            return .localUser
        case .keys(let publicReads):
            guard let header = request.headers[.authorization] else {
                return Caller(name: nil, scopes: publicReads ? [.read] : [])
            }
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer", let caller = try await keys.caller(forKey: String(parts[1])) else {
                throw HippoError(401, "this API key is not known to the registry; ask its operator for one (sci henry serve keys add NAME)")
            }
            return caller
        }
    }

    /// The caller, who must at least be allowed to read.
    func reader(of request: Request) async throws -> Caller {
        let caller = try await caller(of: request)
        try caller.require(.read)
        return caller
    }

    /// The caller, who must be allowed to write: checked before a body is read, so no one without the right
    /// makes the server parse what they send.
    func writer(of request: Request) async throws -> Caller {
        let caller = try await caller(of: request)
        try caller.require(.write)
        return caller
    }
}
