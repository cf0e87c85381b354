import Foundation

/// A datastore file template in daf_butler's syntax: `{run:/}/{datasetType}/{observation:?}/{datasetType}_{detector:06d}_{run}`.
///
/// Fields are data ID dimensions, `dim.field` record values, `datasetType`, `component`, `run` and `id`. `:?` makes a
/// field optional (missing: it and the literal text before it vanish unless that text has a `/`); `:/` keeps `/` in a
/// value; other specs format numbers (`06d`). In the file name `.` becomes `_` and `#` becomes `HASH`.
public struct FileTemplate: Sendable, Hashable {
    /// One piece of the template: literal text followed by an optional field.
    struct Part: Hashable {
        var literal: String
        var names: [String]  // alternates, `a|b`
        var spec: String
        var optional: Bool
        var keepSlash: Bool
    }

    /// The template text.
    public let text: String
    let parts: [Part]

    /// Parses a template.
    public init(_ text: String) throws {
        self.text = text
        var parts: [Part] = []
        var literal = ""
        var chars = Array(text)[...]
        while let char = chars.popFirst() {
            if char == "{" {
                guard let close = chars.firstIndex(of: "}") else { throw ButlerError.invalidTemplate("template '\(text)' has an unclosed '{'") }
                let field = String(chars[chars.startIndex..<close])
                chars = chars[(close + 1)...]
                let pieces = field.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                var spec = pieces.count > 1 ? String(pieces[1]) : ""
                let optional = spec.contains("?")
                let keepSlash = spec.contains("/")
                spec = spec.replacingOccurrences(of: "?", with: "").replacingOccurrences(of: "/", with: "")
                let names = pieces[0].split(separator: "|").map(String.init)
                guard !names.isEmpty else { throw ButlerError.invalidTemplate("template '\(text)' has an empty field") }
                parts.append(Part(literal: literal, names: names, spec: spec, optional: optional, keepSlash: keepSlash))
                literal = ""
            } else {
                literal.append(char)
            }
        }
        if !literal.isEmpty { parts.append(Part(literal: literal, names: [], spec: "", optional: true, keepSlash: false)) }
        self.parts = parts
        guard fieldNames.contains("run") || fieldNames.contains("id") else {
            throw ButlerError.invalidTemplate("template '\(text)' must use {run} or {id}, or files of different RUNs collide")
        }
    }

    /// Every field name the template can use.
    public var fieldNames: Set<String> { Set(parts.flatMap(\.names)) }

    /// Whether the template uses the dataset's id, which then is formatted for every file.
    var usesId: Bool { parts.contains { $0.names.contains("id") } }

    /// Checks that the template names every required dimension (or `{id}`), so no two datasets share a file:
    /// daf_butler checks this only in `config-validate`, and silently overwrites files otherwise.
    public func validate(for datasetType: DatasetType, group: DimensionGroup) throws {
        let used = Set(fieldNames.map { String($0.split(separator: ".")[0]) })
        guard !used.contains("id") else { return }
        let missing = group.required.filter { !used.contains($0) }
        guard missing.isEmpty else {
            throw ButlerError.invalidTemplate(
                "file template '\(text)' ignores dimension\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) "
                    + "of dataset type \(datasetType.name), so different datasets would be written to one file; "
                    + "add them to datastore.templates")
        }
    }

    /// The relative path for the given field values (`dim.field` keys for record values), without extension.
    public func format(_ values: [String: DataIdValue]) throws -> String {
        // Built as bytes: an ingest formats one path per file, and Character-level string edits cost more than the
        // registry inserts. Every byte the rules replace is ASCII, so UTF-8 sequences pass through untouched.
        var output: [UInt8] = []
        output.reserveCapacity(128)
        for part in parts {
            guard !part.names.isEmpty else {
                output += part.literal.utf8
                continue
            }
            guard let value = part.names.lazy.compactMap({ values[$0] }).first else {
                guard part.optional else {
                    throw ButlerError.invalidTemplate("template '\(text)' needs '\(part.names.joined(separator: "|"))', which this dataset does not have")
                }
                if part.literal.utf8.contains(Self.slash) { output += part.literal.utf8 }
                continue
            }
            output += part.literal.utf8
            switch value {
            case .int(let number) where part.spec.isEmpty:
                output += String(number).utf8
            case .int:
                output += try Self.apply(part.spec, to: value).utf8
            case .string(let string):
                let piece = part.spec.isEmpty ? string : try Self.apply(part.spec, to: value)
                for byte in piece.utf8 {
                    output.append((byte == Self.slash && !part.keepSlash) || Self.replaced.contains(byte) ? Self.underscore : byte)
                }
            }
        }
        // Folders: non-empty components other than `.`; the file name: the last component, with `.` and `#` renamed.
        let components = output.split(separator: Self.slash, omittingEmptySubsequences: true)
        guard let name = components.last else { throw ButlerError.invalidTemplate("template '\(text)' gives an empty path") }
        var path: [UInt8] = []
        path.reserveCapacity(output.count + 8)
        for folder in components.dropLast() where !(folder.count == 1 && folder.first == Self.dot) {
            path += folder
            path.append(Self.slash)
        }
        for byte in name {
            switch byte {
            case Self.dot: path.append(Self.underscore)
            case Self.hash: path += "HASH".utf8
            default: path.append(byte)
            }
        }
        return String(decoding: path, as: UTF8.self)
    }

    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")
    private static let hash = UInt8(ascii: "#")
    private static let underscore = UInt8(ascii: "_")
    /// The characters daf_butler replaces in string values, besides `/`.
    private static let replaced = Set(" <>:\"\\|?*".utf8)

    /// Python's format mini-language for the specs templates use: `[0][width][d|s]`.
    private static func apply(_ spec: String, to value: DataIdValue) throws -> String {
        guard !spec.isEmpty else { return value.description }
        var body = spec
        if body.hasSuffix("d") || body.hasSuffix("s") { body.removeLast() }
        let zero = body.hasPrefix("0")
        guard let width = body.isEmpty ? 0 : Int(body) else {
            throw ButlerError.invalidTemplate("format '\(spec)' is not supported in file templates (use e.g. 06d)")
        }
        let text = value.description
        guard text.count < width else { return text }
        let padding = String(repeating: zero ? "0" : " ", count: width - text.count)
        if case .int(let number) = value, zero, number < 0 { return "-" + padding + String(-number) }
        if case .int = value { return padding + text }
        return text + String(repeating: " ", count: width - text.count)
    }
}
