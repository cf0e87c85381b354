import Crypto
import Foundation
public import SciCore

/// The server's API keys, kept in its database as SHA-256 hashes only.
///
/// A key is 32 random bytes, so a plain SHA-256 is enough: there is nothing to guess that a salt or a slow hash would
/// protect, and lookup by hash stays a single indexed query per request.
public struct APIKeys: Sendable {
    /// A key as `keys list` shows it: never the key itself.
    public struct Entry: Sendable, Codable, Hashable {
        /// The user the key acts as; also the user's only group.
        public var name: String
        /// What the key may do.
        public var scopes: [Scope]
        /// When it was made (ISO 8601).
        public var created: String
    }

    let pool: any RegistryStore

    /// Opens the keys of the registry at `root`.
    public init(root: String) throws {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        pool = try SQLiteRegistryStore(path: root + "/registry.sqlite")
    }

    /// Opens the keys of the registry in the PostgreSQL database at `url` (`postgresql://…`).
    public init(database url: String) throws { pool = try PostgresRegistryStore(url: url, connections: 1) }

    init(pool: any RegistryStore) { self.pool = pool }

    /// Makes a key for `name` and returns it; only its hash is stored, so this is the one time it can be seen.
    public func add(name: String, scopes: Set<Scope>) throws -> Secret {
        try APIKeys.check(name: name)
        let key = Secret("hippo_" + ObjectID.randomHex(bytes: 32))
        let order = Scope.allCases.filter(scopes.contains).map(\.rawValue).joined(separator: ",")
        do {
            try pool.writeNow { db in
                try db.execute(
                    sql: "INSERT INTO api_key (name, hash, scopes, created) VALUES (?, ?, ?, ?)",
                    arguments: [name, APIKeys.hash(key.reveal()), order, Timestamp.now()])
            }
        } catch where pool.isUniqueViolation(error) {
            throw SciError("there is already a key named \(name)", hint: "revoke it first: sci henry serve keys revoke \(name)")
        }
        return key
    }

    /// Throws unless `name` can be a user: the name is the folder of the user's uploads on every client
    /// (`uploader/uuid/file`), so it must be one safe path component, and it must not be a group everyone holds.
    static func check(name: String) throws {
        guard !name.isEmpty, name.count <= 64, name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.@".unicodeScalars.contains($0)) }) else {
            throw SciError("a key name is 1 to 64 ASCII letters, digits and - _ . @", exitCode: SciError.usageExitCode)
        }
        guard !name.hasPrefix(".") else {
            throw SciError("a key name must not start with a dot: it names a folder on every client (\(name) would be hidden or a path)", exitCode: SciError.usageExitCode)
        }
        guard name != Caller.everyone, name != "anonymous" else {
            throw SciError("\(name) is reserved: it is the group of everyone (readers: [public]) or of callers without a key", exitCode: SciError.usageExitCode)
        }
    }

    /// Every key, by name.
    public func list() throws -> [Entry] {
        try pool.readNow { db in
            try db.rows(sql: "SELECT name, scopes, created FROM api_key ORDER BY name").map { row in
                Entry(name: row["name"], scopes: APIKeys.scopes(row["scopes"]), created: row["created"])
            }
        }
    }

    /// Deletes the key named `name`; false when there is none.
    public func revoke(name: String) throws -> Bool {
        try pool.writeNow { db in
            try !db.rows(sql: "DELETE FROM api_key WHERE name = ? RETURNING name", arguments: [name]).isEmpty
        }
    }

    /// The caller a presented key stands for, nil when the key is unknown.
    func caller(forKey key: String) async throws -> Caller? {
        try await pool.read { db in
            try db.row(sql: "SELECT name, scopes FROM api_key WHERE hash = ?", arguments: [APIKeys.hash(key)])
                .map { Caller(name: $0["name"], scopes: Set(APIKeys.scopes($0["scopes"]))) }
        }
    }

    /// SHA-256 of the key, in hex.
    static func hash(_ key: String) -> String {
        ObjectID.hex(bytes: SHA256.hash(data: Data(key.utf8)))
    }

    static func scopes(_ text: String) -> [Scope] { text.split(separator: ",").compactMap { Scope(rawValue: String($0)) } }
}
