import ArgumentParser
import HippoServer
import SciCore

/// Where the registry keeps its data; shared by `serve` and `serve keys`.
struct RegistryOptions: ParsableArguments {
    @Option(help: "The registry's folder (default: $XDG_DATA_HOME/sci/hippo).")
    var root = XDG.dataHome() + "/sci/hippo"

    @Option(help: "Keep the registry in PostgreSQL (postgresql://user@host:port/db; password from PGPASSWORD or ~/.pgpass), shared by several servers.")
    var database: String?

    func validate() throws {
        if let database, !(database.hasPrefix("postgresql://") || database.hasPrefix("postgres://")) {
            throw ValidationError("--database takes a postgresql:// URL")
        }
    }

    /// The registry's API keys, wherever it keeps them.
    func keys() throws -> APIKeys {
        try database.map { try APIKeys(database: $0) } ?? APIKeys(root: root)
    }
}
