import Dials
import Foundation
import SciCore
import SciHTTP
import TestSupport

/// Runs `body` against a fresh DIALS fixture on loopback, with a client whose retries do not wait long.
func withDials<T>(
    runs: Int = 40, workspace: String? = nil, credentials: (any Authenticator)? = nil, attempts: Int = 4,
    _ body: (DialsFixture, DialsClient, LoopbackServer) async throws -> T
) async throws -> T {
    let fixture = DialsFixture(universe: DialsUniverse(seed: 7, runsPerDataset: runs))
    let server = try await fixture.start()
    let client = DialsClient(
        server: DialsServer(baseURL: server.baseURL, workspace: workspace),
        credentials: credentials ?? DialsCredentials.bearer(Secret(DialsFixture.token)),
        retry: RetryPolicy(attempts: attempts, baseDelay: .milliseconds(1), maxDelay: .seconds(2)))
    do {
        let result = try await body(fixture, client, server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// The error a closure throws.
func thrown(_ body: () async throws -> Void) async -> (any Error)? {
    do {
        try await body()
        return nil
    } catch {
        return error
    }
}

extension Array where Element == DialsRow {
    /// An integer column.
    func ints(_ key: String) -> [Int] { compactMap { $0[key]?.intValue.map(Int.init) } }
}
