import SciCore
import SciHTTP
import TestSupport

/// Runs `body` against a fresh loopback fixture server, stopped afterwards.
func withFixtureServer<T>(_ body: (LoopbackServer, RequestLog) async throws -> T) async throws -> T {
    let log = RequestLog()
    let server = try await LoopbackServer.start(HTTPFixtureRoutes.router(log: log))
    do {
        let result = try await body(server, log)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// A client whose retries do not wait, so retry tests stay quick; `Retry-After` is still honoured.
func quickClient(attempts: Int = 4, configure: (inout HTTPClientConfiguration) -> Void = { _ in }) -> HTTPClient {
    var configuration = HTTPClientConfiguration()
    configuration.retry = RetryPolicy(attempts: attempts, baseDelay: .milliseconds(1), maxDelay: .seconds(5))
    configure(&configuration)
    return HTTPClient(configuration: configuration)
}

/// The error a closure throws, as an `HTTPError`.
func httpError(_ body: () async throws -> Void) async -> HTTPError? {
    do {
        try await body()
        return nil
    } catch {
        return error as? HTTPError
    }
}
