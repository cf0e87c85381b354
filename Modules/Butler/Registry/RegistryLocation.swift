import SciPostgres

/// Where a registry lives, as butler.yaml's `registry.db` (and `registry.namespace`) say: an SQLite file in the
/// repository folder, or a schema in a PostgreSQL database.
public enum RegistryLocation: Sendable, Equatable {
    /// `sqlite:///<butlerRoot>/NAME`: the file's name in the repository folder; or `sqlite:////ABS/NAME`: an
    /// absolute path, for a repository whose root is in S3.
    case sqlite(file: String)
    /// `postgresql://user@host:port/database` (never with a password: that comes from `PGPASSWORD` or `~/.pgpass`)
    /// and the schema holding the registry's tables (`public` when butler.yaml names none).
    case postgresql(url: String, namespace: String)

    /// Reads `registry.db` and `registry.namespace`; a URL holding a password is refused, so that it never lands in
    /// butler.yaml.
    init(db: String, namespace: String?) throws {
        if db.hasPrefix("sqlite:") {
            // `sqlite:////abs/NAME` is a file outside the repository (daf_butler's form for a repository in S3).
            let rest = db.dropFirst("sqlite:///".count)
            if db.hasPrefix("sqlite:////"), !rest.contains("<butlerRoot>") {
                self = .sqlite(file: String(rest))
                return
            }
            guard let file = db.split(separator: "/").last.map(String.init), !file.isEmpty, file != "sqlite:" else {
                throw ButlerError.invalidConfiguration("registry.db must name a file: sqlite:///<butlerRoot>/NAME")
            }
            self = .sqlite(file: file)
            return
        }
        guard db.hasPrefix("postgresql://") || db.hasPrefix("postgres://") || db.hasPrefix("postgresql+psycopg") else {
            throw ButlerError.invalidConfiguration(
                "registry.db must be sqlite:///<butlerRoot>/NAME or postgresql://USER@HOST:PORT/DATABASE, not \(PostgresURL.redacted(db))")
        }
        // daf_butler accepts SQLAlchemy's driver suffix (`postgresql+psycopg://`); libpq wants the plain scheme.
        var url = db
        if let plus = url.range(of: "+"), let scheme = url.range(of: "://"), plus.lowerBound < scheme.lowerBound {
            url.removeSubrange(plus.lowerBound..<scheme.lowerBound)
        }
        if PostgresURL.holdsPassword(url) {
            throw ButlerError.invalidConfiguration(
                "registry.db holds a password; sci keeps it out of butler.yaml: write \(PostgresURL.redacted(db)) and put the "
                    + "password in PGPASSWORD or ~/.pgpass (mode 0600)")
        }
        let schema = namespace ?? "public"
        guard !schema.isEmpty, !schema.utf8.contains(0) else {
            throw ButlerError.invalidConfiguration("registry.namespace must name a schema")
        }
        self = .postgresql(url: url, namespace: schema)
    }

    /// The value of butler.yaml's `registry.db`.
    var db: String {
        switch self {
        case .sqlite(let file): return file.hasPrefix("/") ? "sqlite:///\(file)" : "sqlite:///<butlerRoot>/\(file)"
        case .postgresql(let url, _): return url
        }
    }
}
