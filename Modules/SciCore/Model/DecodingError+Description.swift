extension DecodingError {
    /// Where decoding failed, as a JSON path: `$`, `$.sources[2].name`.
    public var jsonPath: String {
        let context: Context
        switch self {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): context = c
        @unknown default: return "$"
        }
        return "$" + context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    /// What went wrong there, in words a user can act on, without Swift type dumps.
    public var reason: String {
        switch self {
        case .typeMismatch(let type, _): return "expected \(type)"
        case .valueNotFound(let type, _): return "expected \(type), found null"
        case .keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
        case .dataCorrupted(let context):
            return context.underlyingError.map { "\($0)" } ?? context.debugDescription
        @unknown default: return "\(self)"
        }
    }
}
