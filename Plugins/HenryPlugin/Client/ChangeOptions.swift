import ArgumentParser
import Foundation
import Henry
import SciCore

/// What a new product or a revision sets: name, description, metadata fields, sources and their descriptions.
struct ChangeOptions: ParsableArguments {
    @Option(help: "The product's name.") var name: String?
    @Option(help: "What the product is.") var description: String?
    @Option(help: ArgumentHelp("A metadata field, as FIELD=VALUE (repeatable).", valueName: "field=value")) var field: [String] = []
    @Option(help: ArgumentHelp("Take the metadata (a map set) from this FITS file's primary header.", valueName: "path"))
    var fromFits: String?
    @Option(help: ArgumentHelp("A source file under a slug, as SLUG=PATH (repeatable).", valueName: "slug=path")) var source: [String] = []
    @Option(help: ArgumentHelp("A source's description, as SLUG=TEXT (repeatable).", valueName: "slug=text")) var describe: [String] = []

    /// The metadata: from the FITS file, or of `type` with the fields given, on top of `base`.
    func metadata(type: String?, base: Metadata?) throws -> Metadata? {
        let fields = try Self.pairs(field, "--field").map { (field: $0.0, text: $0.1) }
        let metadata = try fromFits.map { try Metadata.mapSet(fromFITS: $0) } ?? base
        if let type, metadata?.type != type { return try Metadata(type: type, texts: fields) }
        guard !fields.isEmpty else { return metadata }
        var changed = metadata ?? .simple
        for (name, text) in fields { try changed.set(name, text: text) }
        return changed
    }

    /// The sources given, with their descriptions.
    func sources() throws -> [String: LocalSource] {
        let descriptions = Dictionary(try Self.pairs(describe, "--describe"), uniquingKeysWith: { _, last in last })
        var sources: [String: LocalSource] = [:]
        for (slug, path) in try Self.pairs(source, "--source") {
            sources[slug] = LocalSource(path: URL(fileURLWithPath: path).path, description: descriptions[slug])
        }
        for slug in descriptions.keys where sources[slug] == nil {
            throw ValidationError("--describe \(slug)=... names no --source \(slug)=PATH")
        }
        return sources
    }

    static func pairs(_ values: [String], _ option: String) throws -> [(String, String)] {
        try values.map { value in
            guard let equals = value.firstIndex(of: "="), equals != value.startIndex else {
                throw ValidationError("\(option) takes KEY=VALUE, not '\(value)'")
            }
            return (String(value[..<equals]), String(value[value.index(after: equals)...]))
        }
    }
}
