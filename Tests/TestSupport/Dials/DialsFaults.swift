import Synchronization

/// Faults a DIALS fixture injects into listing and object requests, to test retries and resume: each fault waits for
/// `after` requests to pass, then hits the next `count` requests.
public final class DialsFaults: Sendable {
    /// What goes wrong.
    public enum Kind: String, Sendable {
        /// `503 Service Unavailable`.
        case unavailable = "503"
        /// `429 Too Many Requests` with `Retry-After: seconds`.
        case tooManyRequests = "429"
        /// A `500` error, which DIALS sends when its database fails.
        case serverError = "500"
        /// The connection closes halfway through the body.
        case drop
        /// The answer waits `milliseconds` first.
        case slow
    }

    /// One planned fault.
    public struct Fault: Sendable {
        public var kind: Kind
        public var after: Int
        public var count: Int
        public var retryAfterSeconds: Int
        public var milliseconds: Int

        /// A fault hitting `count` requests after `after` have passed.
        public init(_ kind: Kind, after: Int = 0, count: Int = 1, retryAfterSeconds: Int = 1, milliseconds: Int = 2000) {
            self.kind = kind
            self.after = after
            self.count = count
            self.retryAfterSeconds = retryAfterSeconds
            self.milliseconds = milliseconds
        }
    }

    private let planned = Mutex<[Fault]>([])

    /// No faults planned.
    public init() {}

    /// Plans a fault.
    public func add(_ fault: Fault) { planned.withLock { $0.append(fault) } }

    /// Forgets every planned fault.
    public func clear() { planned.withLock { $0.removeAll() } }

    /// The fault for the request arriving now, if any; every pending fault counts the request.
    func next() -> Fault? {
        planned.withLock { faults in
            var hit: Fault?
            for index in faults.indices {
                if faults[index].after > 0 {
                    faults[index].after -= 1
                } else if hit == nil, faults[index].count > 0 {
                    faults[index].count -= 1
                    hit = faults[index]
                }
            }
            faults.removeAll { $0.count == 0 }
            return hit
        }
    }
}
