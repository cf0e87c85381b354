import Foundation
import Synchronization
@testable import SciHTTP
import Testing
import TestSupport

@Suite("Retries")
struct RetryTests {
    @Test("503 twice, then success on the third attempt")
    func retriesServiceUnavailable() async throws {
        try await withFixtureServer { server, log in
            let answer = try await quickClient().get("\(server.baseURL)/flaky/a?failures=2&status=503", decoding: [String: Int].self)
            #expect(answer["attempts"] == 3)
            #expect(log.requests("flaky/a").count == 3)
        }
    }

    @Test("429 with Retry-After is waited out")
    func honoursRetryAfter() async throws {
        try await withFixtureServer { server, log in
            // The waits are recorded rather than slept: the client's own backoff is 1 ms here, so a wait of 1 s can
            // only come from the server's Retry-After.
            let waits = Mutex<[Duration]>([])
            let client = quickClient { $0.wait = { duration in waits.withLock { $0.append(duration) } } }
            let answer = try await client.get("\(server.baseURL)/flaky/b?failures=1&status=429&retryAfter=1", decoding: [String: Int].self)
            #expect(answer["attempts"] == 2)
            #expect(waits.withLock { $0 } == [.seconds(1)])
            #expect(log.requests("flaky/b").count == 2)
        }
    }

    @Test("the attempt limit is respected and the last status is reported")
    func givesUp() async throws {
        try await withFixtureServer { server, log in
            let url = "\(server.baseURL)/flaky/c?failures=10&status=502"
            let error = await httpError { _ = try await quickClient(attempts: 3).send(HTTPRequest(.get, url)) }
            #expect(error == .status(code: 502, bodyExcerpt: "try later", url: url))
            #expect(log.requests("flaky/c").count == 3)
        }
    }

    @Test("POST is not retried unless the caller says it is safe")
    func postNotRetried() async throws {
        try await withFixtureServer { server, log in
            let url = "\(server.baseURL)/flaky/d?failures=1&status=503"
            let error = await httpError { _ = try await quickClient().send(HTTPRequest(.post, url)) }
            #expect(error?.url == url)
            #expect(log.requests("flaky/d").count == 1)

            var request = HTTPRequest(.post, "\(server.baseURL)/flaky/e?failures=1&status=503")
            request.retryEvenIfNotIdempotent = true
            _ = try await quickClient().send(request)
            #expect(log.requests("flaky/e").count == 2)
        }
    }

    @Test("backoff grows exponentially with full jitter and is capped")
    func backoff() {
        let policy = RetryPolicy(attempts: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        for attempt in 1...8 {
            let cap = min(Duration.milliseconds(100) * (1 << (attempt - 1)), .seconds(1))
            for _ in 0..<20 { #expect(policy.delay(afterAttempt: attempt, retryAfter: nil) <= cap) }
        }
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(5)) == .seconds(1))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .milliseconds(300)) == .milliseconds(300))
    }

    @Test("Retry-After is read as seconds or as an HTTP date")
    func retryAfterForms() throws {
        #expect(HTTPClient.parseRetryAfter("2") == .seconds(2))
        #expect(HTTPClient.parseRetryAfter("Thu, 01 Jan 1970 00:00:00 GMT") == .zero)
        #expect(HTTPClient.parseRetryAfter("soon") == nil)
        // A hostile or broken server's numbers are bounded to a day, not trapped on.
        #expect(HTTPClient.parseRetryAfter("1e300") == .seconds(86_400))
        #expect(HTTPClient.parseRetryAfter("inf") == .seconds(86_400))
        #expect(HTTPClient.parseRetryAfter("nan") == nil)
        #expect(HTTPClient.parseRetryAfter("Fri, 31 Dec 9999 23:59:59 GMT") == .seconds(86_400))
    }

    @Test("a request slower than its timeout fails with a timeout")
    func timeout() async throws {
        try await withFixtureServer { server, _ in
            let client = quickClient(attempts: 1) { $0.requestTimeout = .milliseconds(300) }
            let error = await httpError { _ = try await client.send(HTTPRequest(.get, "\(server.baseURL)/slow?ms=3000")) }
            guard case .transport(let code, _, _)? = error else { Issue.record("expected a transport error"); return }
            #expect(code == 28)
            #expect(error!.sciError.message.contains("timed out"))
        }
    }

    @Test("a body that keeps arriving is never cut off by default; one that stops is abandoned after the stall limit")
    func slowBodiesAndStalls() async throws {
        try await withFixtureServer { server, _ in
            // About 12 s in all, 100 ms between pieces: longer than the stall limit, and never silent that long even on
            // a loaded machine (a 1 s limit against 300 ms pauses failed under a load of 14 on two cores, and a 5 s one
            // against 100 ms pauses under a load of 10 with the whole suite running).
            let client = quickClient(attempts: 1) { $0.stallTimeout = .seconds(10) }
            let body = try await client.send(HTTPRequest(.get, "\(server.baseURL)/trickle?chunks=120&ms=100")).body
            #expect(body.count == 120 * 1024)
            let error = await httpError { _ = try await client.send(HTTPRequest(.get, "\(server.baseURL)/trickle?chunks=1&stall=20000")) }
            guard case .transport(let code, _, _)? = error else { Issue.record("expected a transport error"); return }
            #expect(code == 28)
        }
    }

    @Test("--timeout's configuration sets both the connection and the stall limit, and no total limit")
    func timeoutConfiguration() {
        let configuration = HTTPClientConfiguration(timeout: .seconds(90))
        #expect(configuration.connectTimeout == .seconds(90) && configuration.stallTimeout == .seconds(90))
        #expect(configuration.requestTimeout == nil && HTTPClientConfiguration().requestTimeout == nil)
    }

    @Test("cancelling the task aborts the transfer")
    func cancellation() async throws {
        try await withFixtureServer { server, log in
            let client = quickClient(attempts: 1)
            let task = Task { try await client.send(HTTPRequest(.get, "\(server.baseURL)/slow?ms=5000")) }
            // Cancelled once the server has the request, so it is a transfer under way that is aborted.
            while log.requests("slow").isEmpty { try await Task.sleep(for: .milliseconds(5)) }
            task.cancel()
            await #expect(throws: CancellationError.self) { _ = try await task.value }
        }
    }
}
