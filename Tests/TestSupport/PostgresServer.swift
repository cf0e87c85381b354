public import Foundation

/// A real PostgreSQL server for one test, from Debian's `postgresql` package: `initdb` into a fresh temporary folder
/// (superuser `postgres` with a password; TCP asks for it with SCRAM, the private socket folder trusts), `pg_ctl
/// start` on a free loopback port with its socket in that folder, and `pg_ctl stop` (then SIGKILL by the pid in
/// `postmaster.pid` if that fails) when the value goes away. No system service is used. Tests that need it say
/// `.enabled(if: PostgresServer.isInstalled, Comment(rawValue: PostgresServer.missingReason))`.
///
/// `initdb` and `postgres` refuse to run as root. When the tests run as root (a fresh CI container), the server's
/// programs run as the unprivileged `nobody` account through `setpriv` (util-linux, in every Debian), and only the
/// data and socket folders are given to it; the tests themselves connect over TCP as any client would.
public final class PostgresServer: Sendable {
    /// The folder with `initdb`, `pg_ctl` and `postgres`: `SCI_POSTGRES_BIN`, else the newest
    /// `/usr/lib/postgresql/N/bin` (Debian keeps the server programs there, off the PATH).
    public static let binaries: String? = findBinaries()
    /// Whether PostgreSQL's server programs are installed, so tests can run.
    public static var isInstalled: Bool { binaries != nil }
    /// Why the PostgreSQL tests are skipped when they are.
    public static let missingReason = "PostgreSQL's server programs (initdb, pg_ctl) are not installed: `make deps` installs the postgresql package"

    /// The superuser's name.
    public let user = "postgres"
    /// The superuser's password (a fixed test value: the server only listens on loopback and lives for one test).
    public let password: String
    /// The database that exists from the start.
    public let database = "postgres"
    /// The loopback port.
    public let port: Int
    /// `postgresql://postgres@127.0.0.1:PORT/postgres?sslmode=disable`: no password in it, as a user would write it.
    public var url: String { "postgresql://\(user)@127.0.0.1:\(port)/\(database)?sslmode=disable" }

    private let directory: TemporaryDirectory
    private var dataFolder: String { directory.file("data") }
    /// The server's own temporary folder, which holds its data folder.
    var dataFolderParent: String { directory.path }

    /// Makes and starts a server (a few seconds: initdb writes a fresh cluster).
    public init(password: String = "sci-test-Pg-password-7431") throws {
        guard let binaries = Self.binaries else { throw Failure(message: "\(Self.missingReason)") }
        self.password = password
        let directory = try TemporaryDirectory("sci-postgres")
        let data = directory.file("data"), socket = directory.file("socket"), passwordFile = directory.file("initdb-password")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: socket, withIntermediateDirectories: false)
        try password.write(toFile: passwordFile, atomically: false, encoding: .utf8)
        chmod(passwordFile, 0o600)
        if let owner = Self.serverAccount {
            // `nobody` must pass through the temporary folder (mode 0700 from mkdtemp) to reach its own folders.
            chmod(directory.path, 0o711)
            for path in [data, socket, passwordFile] { chown(path, owner.uid, owner.gid) }
        }
        try Self.run(binaries + "/initdb", [
            "-D", data, "-U", "postgres", "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256",
            "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions",
        ], log: directory.file("initdb.log"))
        var lastError: any Error = Failure(message: "no free port")
        // A free port can be taken between asking and binding; a few tries make that race harmless.
        for _ in 0..<3 {
            let port = try LoopbackPort.free()
            do {
                try Self.run(binaries + "/pg_ctl", [
                    "-D", data, "-l", socket + "/server.log", "-w", "-t", "120", "start", "-o",
                    "-p \(port) -k \(socket) -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
                ], log: directory.file("pg_ctl.log"))
                self.port = port
                self.directory = directory
                return
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    deinit { stop() }

    /// Stops the server (fast shutdown: clients are disconnected) and waits for it; harmless when already stopped.
    public func stop() {
        guard let binaries = Self.binaries, let pid = serverPid() else { return }
        if (try? Self.run(binaries + "/pg_ctl", ["-D", dataFolder, "-m", "fast", "-w", "-t", "60", "stop"], log: directory.file("pg_ctl.log"))) == nil {
            kill(pid, SIGKILL)
        }
    }

    /// Stops the server and starts it again on the same port, as an administrator's restart: open connections are
    /// cut, and clients must connect again.
    public func restart() throws {
        guard let binaries = Self.binaries else { throw Failure(message: Self.missingReason) }
        stop()
        try Self.run(binaries + "/pg_ctl", [
            "-D", dataFolder, "-l", directory.file("socket") + "/server.log", "-w", "-t", "120", "start", "-o",
            "-p \(port) -k \(directory.file("socket")) -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
        ], log: directory.file("pg_ctl.log"))
    }

    /// The postmaster's pid from `postmaster.pid`, or nil when the server is not running.
    public func serverPid() -> pid_t? {
        guard let text = try? String(contentsOfFile: dataFolder + "/postmaster.pid", encoding: .utf8),
              let first = text.split(separator: "\n").first, let pid = pid_t(first), kill(pid, 0) == 0 else { return nil }
        return pid
    }

    /// A failure to start the server, with the tail of the program's log.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public let message: String
        /// The message.
        public var description: String { message }
    }

    /// The account the server runs as: `nobody` when the tests run as root (initdb refuses root), else nil (ourselves).
    private static var serverAccount: (uid: uid_t, gid: gid_t)? {
        guard geteuid() == 0, let entry = getpwnam("nobody") else { return nil }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    /// Runs a server program to its end, output into `log`. posix_spawn and waitpid rather than Foundation's
    /// `Process`: `pg_ctl start` leaves a daemon behind, and `Process.waitUntilExit` was seen never to return for it
    /// (pg_ctl left a zombie, unreaped) when tests ran in parallel.
    private static func run(_ program: String, _ arguments: [String], log: String) throws {
        var argv = [program] + arguments
        if let owner = serverAccount {
            argv = ["/usr/bin/setpriv", "--reuid=\(owner.uid)", "--regid=\(owner.gid)", "--clear-groups"] + argv
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let arguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, arguments, environ)
        guard spawned == 0 else { throw Failure(message: "cannot start \(argv[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // Exited normally with code 0 (the low 7 bits are a terminating signal, the next 8 the exit code).
        guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            let name = URL(fileURLWithPath: program).lastPathComponent
            throw Failure(message: "\(name) failed (status \(status)): \(text.suffix(600))")
        }
    }

    private static func findBinaries() -> String? {
        let fileManager = FileManager.default
        func hasServer(_ folder: String) -> Bool {
            fileManager.isExecutableFile(atPath: folder + "/initdb") && fileManager.isExecutableFile(atPath: folder + "/pg_ctl")
        }
        if let folder = ProcessInfo.processInfo.environment["SCI_POSTGRES_BIN"] { return hasServer(folder) ? folder : nil }
        let versions = ((try? fileManager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).compactMap { Int($0) }.sorted()
        return versions.reversed().map { "/usr/lib/postgresql/\($0)/bin" }.first(where: hasServer)
    }
}
