import Foundation
import Testing
import TestSupport

/// The registry's engines, for tests that run on both: SQLite always, PostgreSQL when its server programs are
/// installed (`PostgresRegistryTests` is then skipped with the reason, so a missing PostgreSQL is seen, not hidden).
enum RegistryEngine: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgresql

    /// The engines to test on this machine.
    static let available: [RegistryEngine] = PostgresServer.isInstalled ? [.sqlite, .postgresql] : [.sqlite]

    var testDescription: String { rawValue }

    /// `seed` (butler.yaml text) with the registry on this engine: unchanged for SQLite; for PostgreSQL, a fresh
    /// schema on the server the current suite shares, reached with a password file, as a user would.
    func seed(_ seed: String = "") throws -> String {
        guard self == .postgresql else { return seed }
        let suite = Test.current?.id.nameComponents.first ?? "ButlerTests"
        let server = try PostgresServer.shared(suite)
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        return seed + "\nregistry:\n  db: \"\(try server.url())\"\n  namespace: \(schema)\n"
    }
}
