/// A task's configuration: the pipeline file's `config:` values with the command line's `-c label:key=value`
/// overrides on top, read as the types the task asks for. Every value is kept as its text, as pex_config's
/// overrides are, and checked when read.
public struct TaskConfig: Sendable, Hashable, Codable {
    /// The task's label in the pipeline (used in messages).
    public var label: String
    /// Key to value text (`inputHDUNum` → `0`, `connections.inputImage` → `rawexp`).
    public var values: [String: String]

    /// A configuration.
    public init(label: String, values: [String: String] = [:]) {
        self.label = label
        self.values = values
    }

    /// The text of `key`, or `defaultValue` when it is not set.
    public func string(_ key: String, default defaultValue: String) -> String { values[key] ?? defaultValue }

    /// `key` as an integer, or `defaultValue` when it is not set; text that is not an integer is an error.
    public func int(_ key: String, default defaultValue: Int) throws -> Int {
        guard let text = values[key] else { return defaultValue }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw PipelineError.invalidConfig("\(label): \(key) is '\(text)', not an integer")
        }
        return value
    }

    /// `key` as a number, or `defaultValue` when it is not set.
    public func double(_ key: String, default defaultValue: Double) throws -> Double {
        guard let text = values[key] else { return defaultValue }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else {
            throw PipelineError.invalidConfig("\(label): \(key) is '\(text)', not a finite number")
        }
        return value
    }

    /// `key` as a boolean (`true`/`false`, `yes`/`no`, `1`/`0`, Python's `True`/`False`), or `defaultValue`.
    public func bool(_ key: String, default defaultValue: Bool) throws -> Bool {
        guard let text = values[key] else { return defaultValue }
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: throw PipelineError.invalidConfig("\(label): \(key) is '\(text)', not true or false")
        }
    }

    /// Refuses keys the task does not know (besides `connections.*`, checked against its connections), as pex_config
    /// refuses unknown fields: a misspelt key would otherwise be ignored in silence.
    public func requireKnown(_ keys: Set<String>) throws {
        let unknown = values.keys.filter { !$0.hasPrefix("connections.") && !keys.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw PipelineError.invalidConfig(
                "\(label): unknown config key\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", "))",
                hint: keys.isEmpty ? "this task takes only connections.* keys" : "known keys: \(keys.sorted().joined(separator: ", "))")
        }
    }
}
