import Foundation

extension PostgresServer {
    /// Servers shared by the tests of one suite, by name; stopped when the test process exits.
    nonisolated(unsafe) private static var sharedServers: [String: PostgresServer] = [:]
    private static let sharedLock = NSLock()

    /// The one server of the suite `name`, started on first use (a few seconds for initdb) and stopped when the test
    /// process exits: suites whose every test needs a fresh registry share one server and give each test its own
    /// schema or database, rather than paying for a cluster per test.
    public static func shared(_ name: String) throws -> PostgresServer {
        sharedLock.lock()
        defer { sharedLock.unlock() }
        if let server = sharedServers[name] { return server }
        let server = try PostgresServer()
        if sharedServers.isEmpty {
            // Statics are never deinitialized, so the servers would outlive the tests without this.
            atexit {
                PostgresServer.sharedLock.lock()
                let servers = PostgresServer.sharedServers
                PostgresServer.sharedServers = [:]
                PostgresServer.sharedLock.unlock()
                for server in servers.values { server.stop() }
            }
        }
        sharedServers[name] = server
        return server
    }

    /// A `~/.pgpass`-style password file (mode 0600) for this server, inside its own folder: a test names it with
    /// `passfile=` in the connection URL, so the password travels as PostgreSQL's conventions say without setting
    /// `PGPASSWORD` for the whole test process. It is made with its mode in one step and renamed into place, so a test
    /// running at the same moment never sees it readable by others (libpq would then ignore it).
    public func passwordFile() throws -> String {
        let path = dataFolderParent + "/pgpass"
        guard !FileManager.default.fileExists(atPath: path) else { return path }
        let temporary = dataFolderParent + "/pgpass." + UUID().uuidString
        guard FileManager.default.createFile(
            atPath: temporary, contents: Data("127.0.0.1:\(port):*:\(user):\(password)\n".utf8), attributes: [.posixPermissions: 0o600])
        else { throw Failure(message: "cannot write \(temporary)") }
        guard rename(temporary, path) == 0 else { throw Failure(message: "cannot rename \(temporary) to \(path)") }
        return path
    }

    /// `postgresql://postgres@127.0.0.1:PORT/DATABASE?sslmode=disable&passfile=FILE`: a URL that connects without a
    /// password in it.
    public func url(database: String? = nil) throws -> String {
        "postgresql://\(user)@127.0.0.1:\(port)/\(database ?? self.database)?sslmode=disable&passfile=\(try passwordFile())"
    }
}
