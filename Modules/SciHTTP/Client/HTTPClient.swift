public import Foundation
import Logging
import SciCore

/// The HTTP client of sci, on libcurl's multi interface: one driver thread runs every transfer of the client
/// (connections reused, HTTP/2 multiplexed). Safe to share across tasks; make one per process or per service.
public final class HTTPClient: Sendable {
    /// How this client behaves.
    public let configuration: HTTPClientConfiguration
    private let driver = CurlDriver()

    /// A client with the given behaviour.
    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) {
        self.configuration = configuration
    }

    deinit { driver.shutdown() }

    /// The version of libcurl underneath.
    public static var libcurlVersion: String { CurlGlobal.version }

    /// Sends a request and returns the response held in memory; statuses of 400 and above throw `HTTPError.status`.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let source: CurlTransfer.Source = request.body.map { .memory($0) } ?? .none
        let outcome = try await perform(request) { request in
            try CurlTransfer(
                request: request, configuration: self.configuration, source: source,
                destination: .memory(limit: self.configuration.maxBodySize))
        }
        return HTTPResponse(status: outcome.status, headers: outcome.headers, body: outcome.body, url: outcome.url)
    }

    /// Sends a request and decodes its JSON answer.
    public func send<T: Decodable>(_ request: HTTPRequest, decoding type: T.Type, decoder: JSONDecoder = JSONDecoder()) async throws -> T {
        var request = request
        if request.headers["Accept"] == nil { request.headers["Accept"] = "application/json" }
        return try await send(request).decode(type, decoder: decoder)
    }

    /// GETs a URL and decodes its JSON answer.
    public func get<T: Decodable>(_ url: String, decoding type: T.Type, headers: HTTPHeaders = [:]) async throws -> T {
        try await send(HTTPRequest(.get, url, headers: headers), decoding: type)
    }

    /// Runs attempts of a request until one succeeds or the retry policy gives up.
    func perform(
        _ request: HTTPRequest, retryAlways: Bool = false, makeTransfer: (HTTPRequest) throws -> CurlTransfer
    ) async throws -> TransferOutcome {
        let policy = configuration.retry
        let mayRetry = retryAlways || request.mayRetry || policy.retryNonIdempotent
        var attempt = 0
        var refreshedCredentials = false
        while true {
            attempt += 1
            var authorized = request
            try await configuration.authenticator.authorize(&authorized)
            let started = ContinuousClock.now
            let outcome = await run(try makeTransfer(authorized))
            try Task.checkCancellation()
            log(authorized, outcome, attempt: attempt, elapsed: ContinuousClock.now - started)

            if outcome.curlCode != 0 {
                if mayRetry, attempt < policy.attempts, RetryPolicy.retryableCurlCodes.contains(outcome.curlCode) {
                    try await configuration.wait(policy.delay(afterAttempt: attempt, retryAfter: nil))
                    continue
                }
                throw HTTPError.transport(curlCode: outcome.curlCode, message: outcome.message, url: request.url)
            }
            if outcome.status == 401, !refreshedCredentials, try await configuration.authenticator.refreshAfterUnauthorized() {
                refreshedCredentials = true
                attempt -= 1
                continue
            }
            if mayRetry, attempt < policy.attempts, policy.statuses.contains(outcome.status) {
                let retryAfter = outcome.headers["Retry-After"].flatMap(HTTPClient.parseRetryAfter)
                try await configuration.wait(policy.delay(afterAttempt: attempt, retryAfter: retryAfter))
                continue
            }
            if outcome.status >= 400 {
                throw HTTPError.status(code: outcome.status, bodyExcerpt: HTTPClient.excerpt(outcome.body), url: request.url)
            }
            return outcome
        }
    }

    /// Runs one attempt on the driver thread; cancelling the task aborts the transfer.
    private func run(_ transfer: CurlTransfer) async -> TransferOutcome {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                transfer.continuation = continuation
                driver.submit(transfer)
            }
        } onCancel: {
            transfer.cancelled.store(true, ordering: .relaxed)
            driver.wake()
        }
    }

    private func log(_ request: HTTPRequest, _ outcome: TransferOutcome, attempt: Int, elapsed: Duration) {
        let logger = configuration.logger
        guard logger.logLevel <= .debug else { return }
        let result = outcome.curlCode == 0 ? "\(outcome.status)" : "curl error \(outcome.curlCode): \(outcome.message)"
        logger.debug("\(request.method.rawValue) \(HTTPError.displayURL(request.url)) → \(result) in \(elapsed.milliseconds) ms (attempt \(attempt))")
        if logger.logLevel <= .trace {
            for (name, value) in request.headers {
                let shown = HTTPClient.sensitiveHeaders.contains(name.lowercased()) ? "<redacted>" : value
                logger.trace("  > \(name): \(shown)")
            }
            for (name, value) in outcome.headers { logger.trace("  < \(name): \(value)") }
        }
    }

    /// Headers never logged, whatever the level.
    static let sensitiveHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "token", "x-amz-security-token"]

    /// The start of an error body, on one line, for messages.
    static func excerpt(_ body: Data) -> String {
        var text = String(decoding: body.prefix(300), as: UTF8.self)
        text = text.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        if body.count > 300 { text += "…" }
        return Redactor.shared.redact(text)
    }

    /// `Retry-After` as seconds or as an HTTP date.
    static func parseRetryAfter(_ value: String) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        // Any number may come ("1e300", "inf"): bounded to a day before the conversion, which would trap on it; the
        // retry policy caps the wait far below that anyway.
        if let seconds = Double(trimmed), seconds >= 0 { return .milliseconds(Int64(min(seconds, 86_400) * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return .milliseconds(Int64(min(max(0, date.timeIntervalSinceNow), 86_400) * 1000))
    }
}
