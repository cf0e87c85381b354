public import Foundation

/// Layered settings: built-in defaults < configuration file < environment < command-line flags.
/// Keys are dotted, `section.name` (`henry.host`, `dials.workspace`); a later layer wins over an earlier one.
public struct Config: Sendable {
    /// Where a value came from, lowest precedence first.
    public enum Layer: Int, Sendable, Comparable, CustomStringConvertible {
        case defaults, file, environment, flags
        public static func < (a: Layer, b: Layer) -> Bool { a.rawValue < b.rawValue }
        public var description: String { ["default", "config file", "environment", "flag"][rawValue] }
    }

    private var entries: [String: (value: JSONValue, layer: Layer)] = [:]

    /// An empty configuration.
    public init() {}

    /// Sets a value unless a higher layer already set it.
    public mutating func set(_ key: String, _ value: JSONValue, from layer: Layer) {
        if let existing = entries[key], existing.layer > layer { return }
        entries[key] = (value, layer)
    }

    /// Merges a (possibly nested) table, its keys flattened with dots under `section`.
    public mutating func merge(_ table: [String: JSONValue], under section: String? = nil, from layer: Layer) {
        for (key, value) in table {
            let path = section.map { "\($0).\(key)" } ?? key
            if case .object(let members) = value {
                merge(members, under: path, from: layer)
            } else {
                set(path, value, from: layer)
            }
        }
    }

    /// Reads `PREFIX_SECTION_NAME` variables as `section.name` (the name keeps its underscores, lowercased).
    public mutating func mergeEnvironment(_ environment: [String: String], prefix: String = "SCI_") {
        for (name, text) in environment where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count).lowercased()
            guard let split = rest.firstIndex(of: "_") else {
                set(String(rest), .string(text), from: .environment)
                continue
            }
            set("\(rest[..<split]).\(rest[rest.index(after: split)...])", .string(text), from: .environment)
        }
    }

    /// Reads a TOML file into the file layer; a missing file is no error, a malformed one is.
    public mutating func mergeFile(at path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        guard let data = FileManager.default.contents(atPath: path) else { throw FileError.cannotRead(path, errno: errno) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SciError("\(path) is not UTF-8 text", hint: "save the configuration file as UTF-8")
        }
        let table = try TOMLParser.parse(text, name: path)
        let secrets = Config.secretValues(in: table)
        if !secrets.isEmpty {
            // A file that holds credentials is a secret file: readable by its owner only.
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
                throw FileError.insecurePermissions(path, mode: UInt16(info.st_mode & 0o777))
            }
            for secret in secrets { Redactor.shared.register(secret) }
        }
        merge(table, from: .file)
    }

    /// Key names whose values are credentials, wherever they appear in the file.
    static let secretKeys: Set<String> = ["token", "api_key", "apikey", "password", "secret", "client_secret"]

    /// The credential values of a table, nested tables included.
    static func secretValues(in table: [String: JSONValue]) -> [String] {
        table.flatMap { key, value -> [String] in
            switch value {
            case .object(let members): return secretValues(in: members)
            case .string(let text) where secretKeys.contains(key.lowercased()): return [text]
            default: return []
            }
        }
    }

    /// The value for a key, from the highest layer that set it.
    public func value(_ key: String) -> JSONValue? { entries[key]?.value }

    /// The value as text (numbers and booleans are converted).
    public func string(_ key: String) -> String? {
        guard let value = value(key), value != .null else { return nil }
        return value.plainText
    }

    /// The value as an integer, when it is one or is text that reads as one.
    public func int(_ key: String) -> Int? {
        switch value(key) {
        case .int(let value)?: return Int(value)
        case .string(let text)?: return Int(text)
        default: return nil
        }
    }

    /// The value as a boolean (`true/false`, `1/0`, `yes/no`).
    public func bool(_ key: String) -> Bool? {
        switch value(key) {
        case .bool(let value)?: return value
        case .int(let value)?: return value != 0
        case .string(let text)?: return ["true", "1", "yes", "on"].contains(text.lowercased()) ? true
            : ["false", "0", "no", "off"].contains(text.lowercased()) ? false : nil
        default: return nil
        }
    }

    /// Which layer set a key.
    public func layer(of key: String) -> Layer? { entries[key]?.layer }

    /// Every key, sorted.
    public var keys: [String] { entries.keys.sorted() }

    /// `$XDG_CONFIG_HOME/sci/config.toml`, or `~/.config/sci/config.toml`.
    public static func defaultFilePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        "\(XDG.configHome(environment: environment))/sci/config.toml"
    }

    /// The usual stack: defaults, then the file (the default path unless one is given), then `SCI_*` variables.
    public static func load(
        defaults: [String: JSONValue] = [:], file: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Config {
        var config = Config()
        config.merge(defaults, from: .defaults)
        if let file, !FileManager.default.fileExists(atPath: file) {
            throw SciError("configuration file \(file) does not exist", hint: "check the --config path")
        }
        try config.mergeFile(at: file ?? defaultFilePath(environment: environment))
        config.mergeEnvironment(environment)
        return config
    }
}
