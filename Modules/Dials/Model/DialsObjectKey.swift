import Foundation
import SciCore

/// The keys that name one object of an endpoint (`run`: `dataset_id`, `run_number`), checked as `DialsFilters` checks
/// filters: every key present, none unknown, each an integer. `get` and `show` refuse a bad key with a usage error
/// before any request, as `list` refuses a bad filter.
public struct DialsObjectKey: Sendable, Hashable {
    /// The endpoint.
    public let endpoint: DialsEndpoint
    /// The key values in path order.
    public let values: [Int]

    /// The key from `name: value` pairs, as the command line gives them.
    public init(_ endpoint: DialsEndpoint, _ pairs: [(String, String)]) throws {
        var given: [String: String] = [:]
        for (name, text) in pairs {
            guard endpoint.keys.contains(name) else {
                throw SciError("\(endpoint.rawValue) has no key \(name)", hint: Self.usage(endpoint), exitCode: SciError.usageExitCode)
            }
            given[name] = text
        }
        values = try endpoint.keys.map { key in
            guard let text = given[key], !text.isEmpty else { throw DialsError.missingKey(endpoint: endpoint, key: key) }
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw SciError("key \(key) must be an integer, not '\(text)'", hint: Self.usage(endpoint), exitCode: SciError.usageExitCode)
            }
            return value
        }
        self.endpoint = endpoint
    }

    /// The key from a dictionary of values.
    public init(_ endpoint: DialsEndpoint, _ keys: [String: String]) throws {
        try self.init(endpoint, keys.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// The object's URL path under the endpoint's route, ending with `/`.
    public var path: String { values.map(String.init).joined(separator: "/") + "/" }

    private static func usage(_ endpoint: DialsEndpoint) -> String {
        "\(endpoint.rawValue) is named by \(endpoint.keys.map { "--\($0) N" }.joined(separator: " "))"
    }
}
