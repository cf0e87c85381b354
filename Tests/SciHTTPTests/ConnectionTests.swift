import Foundation
import Logging
import SciCore
import SciHTTP
import Testing
import TestSupport

@Suite("Credentials and connections")
struct ConnectionTests {
    @Test("a bearer token and an API key header reach the server")
    func authHeaders() async throws {
        try await withFixtureServer { server, _ in
            let bearer = quickClient { $0.authenticator = BearerToken(Secret("token-abc-123")) }
            let seen = try await bearer.get("\(server.baseURL)/headers", decoding: [String: String].self)
            #expect(seen["authorization"] == "Bearer token-abc-123")

            let apiKey = quickClient { $0.authenticator = APIKeyHeader(name: "Authorization", scheme: "Apikey", key: Secret("key-xyz-789")) }
            let seenKey = try await apiKey.get("\(server.baseURL)/headers", decoding: [String: String].self)
            #expect(seenKey["authorization"] == "Apikey key-xyz-789")
        }
    }

    @Test("a secret never appears in the most verbose logs")
    func secretNotLogged() async throws {
        let lines = CapturingLogHandler.Lines()
        let secret = "very-secret-token-\(UUID().uuidString)"
        try await withFixtureServer { server, _ in
            let client = quickClient(attempts: 2) {
                $0.authenticator = BearerToken(Secret(secret))
                var logger = Logger(label: "test") { _ in RedactingLogHandler(CapturingLogHandler(lines: lines)) }
                logger.logLevel = .trace
                $0.logger = logger
            }
            _ = try await client.send(HTTPRequest(.get, "\(server.baseURL)/headers"))
            _ = try? await client.send(HTTPRequest(.get, "\(server.baseURL)/flaky/z?failures=1"))
        }
        #expect(lines.all.count >= 4)
        #expect(lines.all.contains { $0.contains("Authorization: <redacted>") })
        #expect(!lines.all.contains { $0.contains(secret) })
    }

    @Test("a refused connection is one clear line")
    func refused() async throws {
        // Start and stop a server so the port is known to be free.
        let server = try await LoopbackServer.start(HTTPFixtureRoutes.router())
        let url = "\(server.baseURL)/json"
        await server.stop()
        let error = await httpError { _ = try await quickClient(attempts: 1).send(HTTPRequest(.get, url)) }
        guard case .transport(7, _, url)? = error else { Issue.record("expected a refused connection, got \(String(describing: error))"); return }
        let message = error!.sciError
        #expect(message.message.hasPrefix("cannot connect to \(url)"))
        #expect(message.hint?.contains("server running") == true)
    }

    @Test("an unresolvable host is one clear line")
    func unresolvable() async throws {
        let error = await httpError { _ = try await quickClient(attempts: 1).send(HTTPRequest(.get, "http://no-such-host.invalid/x")) }
        guard case .transport(6, _, _)? = error else { Issue.record("expected a DNS failure, got \(String(describing: error))"); return }
        #expect(error!.sciError.message == "cannot resolve the host of http://no-such-host.invalid/x")
    }

    @Test("TLS to a server that does not speak it fails with a TLS message and a CA hint")
    func tlsFailure() async throws {
        try await withFixtureServer { server, _ in
            let url = "https://127.0.0.1:\(server.port)/json"
            let error = await httpError { _ = try await quickClient(attempts: 1).send(HTTPRequest(.get, url)) }
            let line = try #require(error).sciError
            #expect(line.message.hasPrefix("TLS failure talking to"))
            #expect(line.hint?.contains("SSL_CERT_FILE") == true)
        }
    }

    @Test("a malformed URL is rejected before any connection")
    func badURL() async throws {
        let error = await httpError { _ = try await quickClient(attempts: 1).send(HTTPRequest(.get, "ftp://example.org/x")) }
        // libcurl refuses the scheme (CURLE_UNSUPPORTED_PROTOCOL) before it resolves or connects anything.
        guard case .transport(curlCode: 1, _, url: "ftp://example.org/x")? = error else {
            Issue.record("expected libcurl's unsupported-protocol error, got \(String(describing: error))")
            return
        }
    }

    @Test("query strings, which may carry presigned tokens, are left out of messages")
    func queryHidden() {
        let error = HTTPError.status(code: 403, bodyExcerpt: "", url: "http://h/obj?X-Amz-Signature=abcdef")
        #expect(!error.sciError.description.contains("abcdef"))
    }
}
