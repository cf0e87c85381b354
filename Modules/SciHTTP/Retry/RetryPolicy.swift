/// When and how often a failed request is tried again: a total number of attempts, exponential backoff with full jitter
/// between them, the statuses and transport failures worth retrying, and the server's `Retry-After` honoured.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included; 1 means no retry.
    public var attempts: Int
    /// The delay before the first retry; each later one doubles it.
    public var baseDelay: Duration
    /// The longest delay between attempts, also the cap on an honoured `Retry-After`.
    public var maxDelay: Duration
    /// Statuses that mean "try again later".
    public var statuses: Set<Int>
    /// Retries POST and PATCH too, when the caller knows they are safe to repeat.
    public var retryNonIdempotent: Bool

    /// A policy; the defaults suit scientific services behind busy gateways.
    public init(
        attempts: Int = 4, baseDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(30),
        statuses: Set<Int> = [408, 429, 500, 502, 503, 504], retryNonIdempotent: Bool = false
    ) {
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.statuses = statuses
        self.retryNonIdempotent = retryNonIdempotent
    }

    /// The default policy.
    public static let `default` = RetryPolicy()
    /// No retries at all.
    public static let none = RetryPolicy(attempts: 1)

    /// libcurl failures that a new attempt may cure: refused or reset connections, timeouts, cut bodies.
    static let retryableCurlCodes: Set<Int> = [7, 18, 28, 52, 55, 56, 92]

    /// The delay before attempt `attempt + 1`, given the server's `Retry-After` if it sent one.
    func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(retryAfter, maxDelay) }
        let exponential = baseDelay * (1 << min(attempt - 1, 20))
        let capped = min(exponential, maxDelay)
        // Full jitter: a uniformly random share of the backoff spreads out clients that failed together.
        let nanoseconds = capped.components.seconds * 1_000_000_000 + capped.components.attoseconds / 1_000_000_000
        return .nanoseconds(Int64.random(in: 0...max(nanoseconds, 1)))
    }
}
