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
        var output = ""
        for part in parts {
            guard !part.names.isEmpty else {
                output += part.literal
                continue
            }
            guard let value = part.names.lazy.compactMap({ values[$0] }).first else {
                guard part.optional else {
                    throw ButlerError.invalidTemplate("template '\(text)' needs '\(part.names.joined(separator: "|"))', which this dataset does not have")
                }
                if part.literal.contains("/") { output += part.literal }
                continue
            }
            var piece = try Self.apply(part.spec, to: value)
            if case .string = value {
                if !part.keepSlash { piece = piece.replacingOccurrences(of: "/", with: "_") }
                piece = String(piece.map { " <>:\"\\|?*".contains($0) ? "_" : $0 })
            }
            output += part.literal + piece
        }
        var components = output.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard var name = components.popLast() else { throw ButlerError.invalidTemplate("template '\(text)' gives an empty path") }
        name = name.replacingOccurrences(of: ".", with: "_").replacingOccurrences(of: "#", with: "HASH")
        components = components.filter { $0 != "." }
        return (components + [name]).joined(separator: "/")
    }

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
