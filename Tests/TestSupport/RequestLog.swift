import Synchronization

/// What a test server saw: requests per key and the headers that came with them.
public final class RequestLog: Sendable {
    /// One request as the server saw it.
    public struct Entry: Sendable {
        /// The route key, for example `flaky/a`.
        public var key: String
        /// The request's headers, names lowercased.
        public var headers: [String: String]
    }

    private let entries = Mutex<[Entry]>([])

    /// An empty log.
    public init() {}

    /// Records a request and returns how many requests with this key came before it.
    @discardableResult
    public func record(_ key: String, headers: [String: String]) -> Int {
        entries.withLock { entries in
            let earlier = entries.filter { $0.key == key }.count
            entries.append(Entry(key: key, headers: headers))
            return earlier
        }
    }

    /// Every request with a key, in order.
    public func requests(_ key: String) -> [Entry] { entries.withLock { $0.filter { $0.key == key } } }
}
