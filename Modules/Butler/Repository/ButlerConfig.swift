import Foundation
import Yams

/// A repository's `butler.yaml`, with daf_butler's keys: `registry.db`, `datastore.templates`, `datastore.formatters`.
public struct ButlerConfig: Sendable, Equatable {
    /// File templates by dataset type name, dimension group key (`detector+instrument+observation`), storage class,
    /// or `default`.
    public var templates: [String: String]
    /// Formatter names by dataset type or storage class.
    public var formatters: [String: String]
    /// The registry database, relative to the root (daf_butler: `sqlite:///<butlerRoot>/gen3.sqlite3`).
    public var registryFile: String

    /// The defaults: no templates (the built-in one names every dimension) and `gen3.sqlite3`.
    public init(templates: [String: String] = [:], formatters: [String: String] = [:], registryFile: String = "gen3.sqlite3") {
        self.templates = templates
        self.formatters = formatters
        self.registryFile = registryFile
    }

    /// Reads butler.yaml text; missing keys keep their defaults, `base` supplies them.
    public init(yaml text: String, base: ButlerConfig = ButlerConfig()) throws {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw ButlerError.invalidConfiguration("the butler configuration is not YAML: \(error)")
        }
        self = base
        guard let node else { return }
        for (key, value) in node["datastore"]?["templates"]?.mapping ?? [:] {
            if let name = key.string, let template = value.string { templates[name] = template }
        }
        for (key, value) in node["datastore"]?["formatters"]?.mapping ?? [:] {
            // A formatter entry is a class name or a mapping with `formatter:`.
            if let name = key.string, let formatter = value.string ?? value["formatter"]?.string { formatters[name] = formatter }
        }
        if let database = node["registry"]?["db"]?.string {
            guard let file = database.split(separator: "/").last.map(String.init), database.hasPrefix("sqlite:") else {
                throw ButlerError.invalidConfiguration("registry.db must be an SQLite file, sqlite:///<butlerRoot>/NAME")
            }
            registryFile = file
        }
    }

    /// The butler.yaml text.
    public var yaml: String {
        var datastore: [String: Any] = [
            "cls": "lsst.daf.butler.datastores.fileDatastore.FileDatastore", "root": "<butlerRoot>",
            "records": ["table": "file_datastore_records"],
        ]
        if !templates.isEmpty { datastore["templates"] = templates }
        if !formatters.isEmpty { datastore["formatters"] = formatters }
        let object: [String: Any] = ["datastore": datastore, "registry": ["db": "sqlite:///<butlerRoot>/\(registryFile)"]]
        return (try? Yams.dump(object: object, sortKeys: true)) ?? ""
    }

    /// The template for a dataset type: by name, dimension group, storage class, then `default`, then one that
    /// names every required dimension.
    func template(for datasetType: DatasetType, group: DimensionGroup) throws -> FileTemplate {
        for key in [datasetType.name, group.names.sorted().joined(separator: "+"), group.key, datasetType.storageClass, "default"] {
            if let text = templates[key] { return try FileTemplate(text) }
        }
        let fields = group.required.map { "{\($0):?}" }.joined(separator: "_")
        return try FileTemplate("{run:/}/{datasetType}.{component:?}/{datasetType}_{component:?}_\(fields)_{run}")
    }
}
