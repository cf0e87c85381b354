/// A command-line config override, pipetask's `-c label:key=value`.
public struct ConfigOverride: Sendable, Hashable {
    /// The task's label.
    public var label: String
    /// The config key (`connections.outputImage`, `inputHDUNum`).
    public var key: String
    /// The value's text.
    public var value: String

    /// Reads `label:key=value`.
    public init(parsing text: String) throws {
        guard let colon = text.firstIndex(of: ":"), let equals = text[colon...].firstIndex(of: "=") else {
            throw PipelineError.invalidConfig("config override '\(text)' is not label:key=value", hint: "for example -c subtract:inputHDUNum=1")
        }
        label = String(text[..<colon]).trimmingCharacters(in: .whitespaces)
        key = String(text[text.index(after: colon)..<equals]).trimmingCharacters(in: .whitespaces)
        value = String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        guard !label.isEmpty, !key.isEmpty else {
            throw PipelineError.invalidConfig("config override '\(text)' is not label:key=value", hint: "for example -c subtract:inputHDUNum=1")
        }
        // pex_config takes Python literals; a quoted string stands for its content.
        if value.count >= 2, let first = value.first, first == "'" || first == "\"", value.last == first {
            value = String(value.dropFirst().dropLast())
        }
    }
}
