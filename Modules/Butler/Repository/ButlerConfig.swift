import Foundation
import SciCore
import SciS3
import Yams

/// A repository's `butler.yaml`, with daf_butler's keys: `registry.db`, `datastore.templates`, `datastore.formatters`.
public struct ButlerConfig: Sendable, Equatable {
    /// File templates by dataset type name, dimension group key (`detector+instrument+observation`), storage class,
    /// or `default`.
    public var templates: [String: String]
    /// Formatter names by dataset type or storage class.
    public var formatters: [String: String]
    /// Where the registry lives: an SQLite file in the repository folder (daf_butler:
    /// `sqlite:///<butlerRoot>/gen3.sqlite3`), or a schema of a PostgreSQL database (`registry.db:
    /// postgresql://user@host:port/database`, `registry.namespace: SCHEMA`).
    public var registry: RegistryLocation

    /// The SQLite registry's file name, relative to the root; empty when the registry is on PostgreSQL.
    public var registryFile: String {
        get { if case .sqlite(let file) = registry { file } else { "" } }
        set { registry = .sqlite(file: newValue) }
    }
    /// Where the datastore keeps the files: nil for the repository root (`<butlerRoot>`), or `s3://bucket/prefix`.
    public var datastoreRoot: String?

    /// The defaults: no templates (daf_butler's own apply) and `gen3.sqlite3`.
    public init(templates: [String: String] = [:], formatters: [String: String] = [:], registryFile: String = "gen3.sqlite3") {
        self.templates = templates
        self.formatters = formatters
        self.registry = .sqlite(file: registryFile)
    }

    /// Reads butler.yaml text; missing keys keep their defaults, `base` supplies them.
    public init(yaml text: String, base: ButlerConfig = ButlerConfig()) throws {
        let node: Node?
        // Every value read here is text, so no scalar needs its type resolved: Yams's default resolver compiles seven
        // regular expressions first, a sixth of a quick query's start-up.
        do { node = try Yams.compose(yaml: text, .basic) } catch {
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
        // daf_butler's default root is the repository folder; an S3 prefix is the other root sci serves. Anything
        // else (another folder, another scheme) is refused rather than ignored, so no file lands where nobody asked.
        if let root = node["datastore"]?["root"]?.string, root != "<butlerRoot>", root != "<butlerRoot>/" {
            guard root.hasPrefix("s3://") else {
                throw ButlerError.invalidConfiguration(
                    "datastore.root \(root) is not supported: sci keeps the datastore's files in the repository (<butlerRoot>) or in S3 (s3://bucket/prefix)")
            }
            do { _ = try S3Location(root) } catch { throw ButlerError.invalidConfiguration("datastore.root: \(SciError.from(error).message)") }
            datastoreRoot = root
        }
        if let database = node["registry"]?["db"]?.string {
            registry = try RegistryLocation(db: database, namespace: node["registry"]?["namespace"]?.string)
        }
    }

    /// The butler.yaml text.
    public var yaml: String {
        var datastore: [String: Any] = [
            "cls": "lsst.daf.butler.datastores.fileDatastore.FileDatastore", "root": datastoreRoot ?? "<butlerRoot>",
            "records": ["table": "file_datastore_records"],
        ]
        if !templates.isEmpty { datastore["templates"] = templates }
        if !formatters.isEmpty { datastore["formatters"] = formatters }
        var registryKeys = ["db": registry.db]
        if case .postgresql(_, let namespace) = registry { registryKeys["namespace"] = namespace }
        let object: [String: Any] = ["datastore": datastore, "registry": registryKeys]
        return (try? Yams.dump(object: object, sortKeys: true)) ?? ""
    }

    /// daf_butler's own templates (`configs/datastores/fileDatastore.yaml` of 30.2026.4300), used when butler.yaml
    /// names none: raws by exposure and detector get their own, everything else the default.
    static let builtInTemplates: [String: String] = [
        "default": "{run:/}/{datasetType}.{component:?}/{tract:?}/{patch:?}/{day_obs|visit.day_obs|exposure.day_obs:?}/{band:?}/"
            + "{subfilter:?}/{physical_filter:?}/{visit:?}/{exposure.obs_id|group:?}/{datasetType}_{component:?}_{instrument:?}_"
            + "{tract:?}_{patch:?}_{band:?}_{physical_filter:?}_{visit:?}_{exposure.obs_id|group:?}_{detector.full_name:?}_"
            + "{skymap:?}_{skypix:?}_{ssp_hypothesis_table:?}_{ssp_hypothesis_bundle:?}_{ssp_balanced_index:?}_{run}",
        "physical_filter+detector+exposure": "{run:/}/{datasetType}.{component:?}/{day_obs|exposure.day_obs}/{exposure.obs_id}/"
            + "{datasetType}_{component:?}_{instrument:?}_{physical_filter}_{exposure.obs_id}_{detector.full_name}_{run}",
    ]

    /// The template for a dataset type, looked up as daf_butler does: by name, then by dimensions (a key such as
    /// `physical_filter+detector+exposure` matches a type whose dimensions, closed over `requires` and `implies`, are
    /// those of the key), then storage class, then `default`; butler.yaml's templates first, then daf_butler's own.
    /// When none names every required dimension (a custom universe), one that does is made, rather than writing two
    /// datasets into one file as daf_butler would. Daf_butler's own template comes with that one as a second choice,
    /// for data IDs whose records lack the fields it names (records made with their keys only).
    func templates(for datasetType: DatasetType, group: DimensionGroup, universe: DimensionUniverse) throws -> [FileTemplate] {
        func lookup(_ table: [String: String]) throws -> FileTemplate? {
            if let text = table[datasetType.name] { return try FileTemplate(text) }
            for (key, text) in table.sorted(by: { $0.key < $1.key }) where key.contains("+") {
                let names = key.split(separator: "+").map { $0.trimmingCharacters(in: .whitespaces) }
                guard names.allSatisfy(universe.contains), let keyed = try? universe.group(names) else { continue }
                if Set(keyed.names) == Set(group.names) { return try FileTemplate(text) }
            }
            for key in [datasetType.storageClass, "default"] {
                if let text = table[key] { return try FileTemplate(text) }
            }
            return nil
        }
        if let configured = try lookup(templates) { return [configured] }
        let fields = group.required.map { "{\($0):?}" }.joined(separator: "_")
        let everyDimension = try FileTemplate("{run:/}/{datasetType}.{component:?}/{datasetType}_{component:?}_\(fields)_{run}")
        if let builtIn = try lookup(Self.builtInTemplates), (try? builtIn.validate(for: datasetType, group: group)) != nil {
            return [builtIn, everyDimension]
        }
        return [everyDimension]
    }
}
