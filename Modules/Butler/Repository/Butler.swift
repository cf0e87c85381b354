import Foundation
import GRDB
public import SciS3
import Yams

/// A butler repository: a folder holding `butler.yaml`, the SQLite registry and the datastore's files; or the same
/// with the files in S3 (`datastore.root: s3://bucket/prefix`, or a repository whose root is `s3://bucket/repo` and
/// whose registry is elsewhere).
public final class Butler: Sendable {
    /// The repository root: an absolute folder, or `s3://bucket/repo`.
    public let root: String
    /// The repository's configuration.
    public let config: ButlerConfig
    /// The registry.
    public let registry: Registry
    let datastore: any Datastore
    private let journalFolder: String

    private static let configName = "butler.yaml"

    /// Opens the repository at `root` (a folder, or `s3://bucket/repo`), cleaning up after any ingest that was killed.
    /// `s3` says how to reach the S3 store when the repository or its datastore is there; by default the usual
    /// settings (`S3_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_PROFILE`, `AWS_DEFAULT_REGION`).
    public convenience init(root path: String, s3: S3Configuration? = nil) throws {
        if path.hasPrefix("s3://") {
            let location = try S3Repository.location(path)
            let client = try S3Repository.client(s3)
            guard let text = try S3Repository.config(at: location, client: client) else {
                throw ButlerError.repository("no butler repository at \(path) (no \(Self.configName))")
            }
            let config = try ButlerConfig(yaml: text)
            try Self.requireRegistryOutside(config, root: path)
            try self.init(root: location.description, config: config, registry: Registry(location: config.registry, root: "/"),
                client: client)
            return
        }
        let root = Self.absolute(try Self.localFolder(path))
        guard let text = try? String(contentsOfFile: root + "/" + Self.configName, encoding: .utf8) else {
            throw ButlerError.repository("no butler repository at \(path) (no \(Self.configName))")
        }
        let config = try ButlerConfig(yaml: text)
        try self.init(root: root, config: config, registry: Registry(location: config.registry, root: root),
            client: config.datastoreRoot == nil ? nil : S3Repository.client(s3))
    }

    private init(root: String, config: ButlerConfig, registry: Registry, client: S3Client? = nil) throws {
        self.root = root
        self.config = config
        self.registry = registry
        if let store = config.datastoreRoot ?? (root.hasPrefix("s3://") ? root : nil) {
            guard let client else { throw ButlerError.invalidConfiguration("the datastore at \(store) needs an S3 client") }
            datastore = S3Datastore(root: try S3Repository.location(store), client: client)
        } else {
            datastore = FileDatastore(root: root)
        }
        journalFolder = root.hasPrefix("s3://") ? S3Repository.journalFolder(for: root) : root + "/.butler/ingest"
        try IngestJournal.recover(folder: journalFolder, datastore: datastore) { path in
            try registry.read { db in
                try db.value(Bool.self, "SELECT 1 FROM file_datastore_records WHERE path = ?", [path]) ?? false
            }
        }
    }

    /// Makes a new repository at `root`: `butler.yaml` from `seedConfig` (text of a butler.yaml) and a registry with
    /// `universe` (the default one when nil). An existing repository is an error. A root `s3://bucket/repo` puts
    /// butler.yaml and the files there and needs an absolute registry.db; `s3` is as for `init(root:s3:)`.
    @discardableResult
    public static func create(
        root path: String, seedConfig: String? = nil, universe: DimensionUniverse? = nil, s3: S3Configuration? = nil
    ) throws -> Butler {
        if path.hasPrefix("s3://") { return try createInS3(root: path, seedConfig: seedConfig, universe: universe, s3: s3) }
        let root = absolute(try localFolder(path))
        // The seed is read before anything is made, so a refused one leaves no folder behind.
        let config = try seedConfig.map { try ButlerConfig(yaml: $0) } ?? ButlerConfig()
        let client = try config.datastoreRoot.map { root in
            let client = try S3Repository.client(s3)
            try S3Repository.markFolder(try S3Repository.location(root), client: client)
            return client
        }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let configPath = root + "/" + configName
        guard !FileManager.default.fileExists(atPath: configPath) else {
            throw ButlerError.repository("a repository already exists at \(path)")
        }
        let registry = try Registry(location: config.registry, root: root, creating: universe ?? .default)
        try Data(config.yaml.utf8).write(to: URL(fileURLWithPath: configPath), options: .atomic)
        return try Butler(root: root, config: config, registry: registry, client: client)
    }

    /// `create` for a root `s3://bucket/repo`: butler.yaml goes there, the registry where registry.db says (a local
    /// path here), as daf_butler does. The bucket must exist.
    private static func createInS3(root path: String, seedConfig: String?, universe: DimensionUniverse?, s3: S3Configuration?) throws -> Butler {
        let location = try S3Repository.location(path)
        let config = try seedConfig.map { try ButlerConfig(yaml: $0) } ?? ButlerConfig()
        try requireRegistryOutside(config, root: path)
        let client = try S3Repository.client(s3)
        guard try S3Repository.config(at: location, client: client) == nil else {
            throw ButlerError.repository("a repository already exists at \(path)")
        }
        if case .sqlite(let file) = config.registry, FileManager.default.fileExists(atPath: file) {
            throw ButlerError.repository("the registry \(file) exists already; name a new file in registry.db")
        }
        if let store = config.datastoreRoot { try S3Repository.markFolder(try S3Repository.location(store), client: client) }
        try S3Repository.markFolder(location, client: client)
        try S3Repository.writeConfig(config.yaml, at: location, client: client)
        do {
            if case .sqlite(let file) = config.registry {
                try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            }
            let registry = try Registry(location: config.registry, root: "/", creating: universe ?? .default)
            return try Butler(root: location.description, config: config, registry: registry, client: client)
        } catch {
            S3Repository.removeConfig(at: location, client: client)
            throw error
        }
    }

    /// Refuses a registry inside a root in S3 (an SQLite file there cannot be opened): registry.db must be an absolute
    /// SQLite path or a PostgreSQL database.
    private static func requireRegistryOutside(_ config: ButlerConfig, root: String) throws {
        if case .sqlite(let file) = config.registry, !file.hasPrefix("/") {
            throw ButlerError.invalidConfiguration(
                "a repository at \(root) keeps its registry elsewhere: set registry.db to sqlite:////ABSOLUTE/PATH/gen3.sqlite3 (or a PostgreSQL database) in the seed config")
        }
    }

    /// The absolute path of a dataset's file; its `s3://` URI when the datastore is in S3.
    public func path(of ref: DatasetRef) throws -> String {
        guard let path = ref.path else { throw ButlerError.datasetNotFound("dataset \(ref.id) has no file") }
        return absolutePath(path)
    }

    /// The absolute path of a stored path as the registry records it (relative to the root, or `file://` for `direct`);
    /// its `s3://` URI when the datastore is in S3.
    public func absolutePath(_ path: String) -> String {
        if let files = datastore as? FileDatastore { return files.absolutePath(path) }
        let uri = datastore.uri(of: path)
        return uri.hasPrefix("file://") ? String(uri.dropFirst("file://".count)) : uri
    }

    /// The URI of a stored path, as daf_butler's `--show-uri` prints it: `file:///…` or `s3://bucket/key`.
    public func uri(_ path: String) -> String { datastore.uri(of: path) }

    /// The URI of a dataset's file.
    public func uri(of ref: DatasetRef) throws -> String {
        guard let path = ref.path else { throw ButlerError.datasetNotFound("dataset \(ref.id) has no file") }
        return uri(path)
    }

    // MARK: Ingest and put

    /// What is stored for one dataset: an existing file, or an object to write.
    private enum Payload {
        case file(String)
        case object(DatasetObject)
    }

    /// Ingests files as datasets of `datasetType` into `run` (made if missing) in one transaction: all of them, with
    /// their files, or none. Re-ingesting a data ID into the same RUN fails unless `skipExisting`. A data ID whose
    /// dimension records do not exist is refused, as daf_butler refuses it, unless `createRecords`, which inserts
    /// them with their keys only.
    @discardableResult
    public func ingest(
        _ files: [FileToIngest], datasetType: String, run: String, transfer: TransferMode = .auto,
        idGeneration: DatasetIdGeneration = .unique, skipExisting: Bool = false, createRecords: Bool = false
    ) throws -> [DatasetRef] {
        try store(
            files.map { file in
                let path = file.path.hasPrefix("s3://") ? file.path : Self.absolute(file.path)
                return (path, file.dataId, Payload.file(path))
            }, datasetType: datasetType,
            run: run, transfer: transfer, idGeneration: idGeneration, skipExisting: skipExisting, createRecords: createRecords)
    }

    /// Writes `object` as a dataset of `datasetType` with `dataId` into `run`; missing dimension records are refused
    /// unless `createRecords`, as in `ingest`.
    @discardableResult
    public func put(
        _ object: DatasetObject, datasetType: String, dataId: DataId, run: String,
        idGeneration: DatasetIdGeneration = .unique, createRecords: Bool = false
    ) throws -> DatasetRef {
        try store([(nil, dataId, .object(object))], datasetType: datasetType, run: run, transfer: .copy,
            idGeneration: idGeneration, skipExisting: false, createRecords: createRecords)[0]
    }

    /// Reads a dataset.
    public func get(_ ref: DatasetRef) throws -> DatasetObject {
        let type = try registry.datasetType(ref.datasetType)
        guard let path = ref.path else { throw ButlerError.datasetNotFound("dataset \(ref.id) has no file") }
        return try datastore.read(path, with: formatter(for: type))
    }

    /// Finds the dataset of `datasetType` with `dataId` in `collections` (first match in search order).
    public func find(_ datasetType: String, dataId: DataId, collections: [String]) throws -> DatasetRef {
        let type = try registry.datasetType(datasetType)
        let group = try registry.universe.group(type.dimensions)
        let standard = try standardize(dataId, group: group)
        var bind: [String: WhereBindValue] = [:]
        var terms: [String] = []
        for (name, value) in standard.values.sorted(by: { $0.key < $1.key }) {
            // Bind names differ from dimension names: a bare identifier that is a bind key means the bound value.
            terms.append("\(name) = :value_\(name)")
            switch value {
            case .int(let number): bind["value_" + name] = .int(number)
            case .string(let text): bind["value_" + name] = .string(text)
            }
        }
        guard let ref = try registry.queryDatasets(
            datasetType, collections: collections, where: terms.joined(separator: " AND "), bind: bind, limit: 1
        ).first else {
            throw ButlerError.datasetNotFound("no \(datasetType) \(standard) in \(collections.joined(separator: ", "))")
        }
        return ref
    }

    /// Finds the dataset of `datasetType` with `dataId` that `collections` give at the instant `time` (TAI nanoseconds
    /// since 1970): CALIBRATION collections match within their validity ranges, the others at any time.
    public func findCalibration(_ datasetType: String, dataId: DataId, collections: [String], at time: Int64) throws -> DatasetRef {
        let group = try registry.universe.group(try registry.datasetType(datasetType).dimensions)
        let standard = try standardize(dataId, group: group)
        guard let ref = try registry.findDataset(datasetType, dataId: standard, collections: collections, at: time) else {
            throw ButlerError.datasetNotFound(
                "no \(datasetType) \(standard) valid at \(time) in \(collections.joined(separator: ", "))")
        }
        return ref
    }

    /// Takes `validity` out of the certifications of `datasetType` in the CALIBRATION collection `collection` (only
    /// for `dataIds` when given), as daf_butler's `decertify`; returns how many validity ranges changed.
    @discardableResult
    public func decertify(_ collection: String, datasetType: String, validity: Timespan, dataIds: [DataId]? = nil) throws -> Int {
        let group = try registry.universe.group(try registry.datasetType(datasetType).dimensions)
        let standard = try dataIds?.map { try standardize($0, group: group) }
        return try registry.decertify(collection, datasetType: datasetType, validity: validity, dataIds: standard)
    }

    /// Reads the dataset of `datasetType` with `dataId` found in `collections`.
    public func get(_ datasetType: String, dataId: DataId, collections: [String]) throws -> DatasetObject {
        try get(try find(datasetType, dataId: dataId, collections: collections))
    }

    private func formatter(for type: DatasetType) -> any DatasetFormatter {
        Formatters.formatter(
            forStorageClass: type.storageClass, configured: config.formatters[type.name] ?? config.formatters[type.storageClass])
    }

    /// Reads text values by each dimension's key type and keeps the required dimensions only.
    func standardize(_ dataId: DataId, group: DimensionGroup) throws -> DataId {
        try standardize(dataId, keys: keyTypes(of: group))
    }

    /// The required dimensions of `group` with the type of each one's key, looked up once per ingest.
    private func keyTypes(of group: DimensionGroup) throws -> [(name: String, type: DimensionField.ValueType)] {
        try group.required.map { ($0, try registry.universe.element($0).primaryKey.type) }
    }

    private func standardize(_ dataId: DataId, keys: [(name: String, type: DimensionField.ValueType)]) throws -> DataId {
        var result = DataId()
        result.values.reserveCapacity(keys.count)
        for (name, type) in keys {
            guard let value = dataId[name] else {
                throw ButlerError.invalidDataId("\(dataId) has no value for '\(name)' (needed: \(keys.map(\.name).joined(separator: ", ")))")
            }
            if case .string(let text) = value, type == .int { result[name] = try DataIdValue(parsing: text, as: .int) } else {
                result[name] = value
            }
        }
        return result
    }

    private func store(
        _ items: [(source: String?, dataId: DataId, payload: Payload)], datasetType: String, run: String,
        transfer: TransferMode, idGeneration: DatasetIdGeneration, skipExisting: Bool, createRecords: Bool
    ) throws -> [DatasetRef] {
        let type = try registry.datasetType(datasetType)
        let group = try registry.universe.group(type.dimensions)
        let choices = try config.templates(for: type, group: group, universe: registry.universe)
        try choices[0].validate(for: type, group: group)
        let formatter = formatter(for: type)
        try datastore.check(transfer, sources: items.compactMap(\.source))
        var placed: [String] = []
        var journal: IngestJournal?
        var refs: [DatasetRef] = []
        var added: [Bool] = []
        // The source's size is the stored file's for every transfer mode, and knowing it before the rows are written
        // saves an UPDATE per file after placing it; the stats run on every core, outside the write transaction.
        let sizes = try datastore.sizes(of: items.map(\.source))
        do {
            try registry.write { db in
                let (runId, runType) = try registry.registerCollection(run, type: .run, db: db).map { ($0, CollectionType.run) }
                    ?? registry.collectionId(run, db: db)
                guard runType == .run else {
                    throw ButlerError.wrongCollectionType("collection '\(run)' is \(runType); datasets go into a RUN collection")
                }
                let stored = try registry.requireDatasetType(datasetType, db: db)
                var datasets: [NewDataset] = []
                var records = try DimensionRecordEnsurer(
                    universe: registry.universe, dimensions: group.required, create: createRecords)
                let keys = try keyTypes(of: group)
                var random = BufferedRandom()
                // daf_butler's template first; the one naming every dimension when a record lacks a field it names.
                func plan(_ template: FileTemplate) throws -> [NewDataset] {
                    var planned: [NewDataset] = []
                    var destinations = Set<String>()
                    var templateCache = TemplateValues(universe: registry.universe, fields: template.fieldNames)
                    // The fields naming each required dimension: a dimension named only by a record field its record
                    // lacks (daf_butler's `{exposure.obs_id}` on keys-only records) would put every such dataset in
                    // one file, so such a data ID moves on to the template that names every dimension.
                    let fields = template.fieldNames
                    let naming: [(String, Set<String>)] = template.usesId ? [] : group.required.map { dimension in
                        (dimension, fields.filter { $0 == dimension || $0.hasPrefix(dimension + ".") })
                    }
                    for (index, item) in items.enumerated() {
                        let dataId = try standardize(item.dataId, keys: keys)
                        try records.ensure(dataId, db: db)
                        let id = DatasetIdFactory.makeId(
                            datasetType: datasetType, dataId: dataId, run: run, mode: idGeneration, using: &random)
                        var path: String
                        if transfer == .direct, let source = item.source { path = datastore.directPath(for: source) } else if transfer == .auto,
                            let source = item.source, let inside = datastore.pathInside(source)
                        {
                            path = inside
                        } else {
                            // Record values are looked up only for files the template names: `direct` needs none.
                            var values = try templateCache.values(for: dataId, group: group, db: db)
                            values["datasetType"] = .string(datasetType)
                            values["run"] = .string(run)
                            if let (unnamed, _) = naming.first(where: { _, names in !names.contains { values[$0] != nil } }) {
                                throw ButlerError.invalidTemplate("template '\(template.text)' gives no value for \(unnamed) of \(dataId)")
                            }
                            if template.usesId { values["id"] = .string(id.lowercasedString) }
                            path = try template.format(values)
                            let ext = formatter.fileExtension ?? item.source.map { Self.fileExtension($0) } ?? ""
                            path += ext
                        }
                        guard destinations.insert(path).inserted else {
                            throw ButlerError.invalidTemplate("two datasets would be written to \(path); fix the file template")
                        }
                        planned.append(
                            NewDataset(id: id, dataId: dataId, path: path, formatter: formatter.name, fileSize: sizes[index]))
                    }
                    return planned
                }
                for (choice, template) in choices.enumerated() {
                    do {
                        datasets = try plan(template)
                        break
                    } catch ButlerError.invalidTemplate where choice < choices.count - 1 {
                        continue
                    }
                }
                // The files to place for the rows added, and every destination the journal names first, so that a
                // process killed while placing leaves nothing behind.
                func files(_ added: [Bool]) -> [(source: String, path: String)] {
                    datasets.indices.compactMap { index in
                        guard added[index], case .file(let source) = items[index].payload, !datasets[index].path.contains("://"),
                              !(transfer == .auto && datastore.pathInside(source) != nil) else { return nil }
                        return (source, datasets[index].path)
                    }
                }
                func journaled(_ added: [Bool]) throws -> IngestJournal {
                    try IngestJournal(folder: journalFolder, paths: zip(datasets, added).filter { $0.1 && !$0.0.path.contains("://") }
                        .map(\.0.path).filter { !$0.isEmpty })
                }
                if skipExisting {
                    added = try registry.insertDatasets(stored, run: run, runId: runId, datasets, skipExisting: true, db: db)
                    journal = try journaled(added)
                    placed += try datastore.startPlacing(files(added), mode: transfer).finish().get()
                } else {
                    // Every row is added or the ingest fails as a whole, so the files are placed while the rows are
                    // inserted (then this thread joins in): the kernel's work of making files overlaps SQLite's.
                    let all = [Bool](repeating: true, count: datasets.count)
                    journal = try journaled(all)
                    let placing = datastore.startPlacing(files(all), mode: transfer)
                    do {
                        added = try registry.insertDatasets(stored, run: run, runId: runId, datasets, skipExisting: false, db: db)
                    } catch {
                        switch placing.finish() {
                        case .success(let paths): placed += paths
                        case .failure(let failure): placed += failure.placed
                        }
                        throw error
                    }
                    placed += try placing.finish().get()
                }
                // Written objects' sizes are known only once they are in place.
                for (index, dataset) in datasets.enumerated() where added[index] {
                    guard case .object(let object) = items[index].payload else { continue }
                    // Listed first: a write that fails half way may have left a file to remove.
                    placed.append(dataset.path)
                    let size = try datastore.write(object, with: formatter, at: dataset.path)
                    try db.execute("UPDATE file_datastore_records SET file_size = ? WHERE path = ?", [size, dataset.path])
                }
                refs = zip(datasets, added).filter(\.1).map { dataset, _ in
                    DatasetRef(id: dataset.id, datasetType: datasetType, dataId: dataset.dataId, run: run, path: dataset.path)
                }
            }
        } catch let failure as PlacementFailed {
            cleanUp(placed + failure.placed, journal: journal)
            throw failure.underlying
        } catch {
            cleanUp(placed, journal: journal)
            throw error
        }
        journal?.finish()
        if transfer == .move {
            datastore.removeSources(items.indices.compactMap { added[$0] ? items[$0].source : nil })
        }
        return refs
    }

    /// Removes what a failed ingest placed. When that fails too (the store is gone), the journal is left for the
    /// next writer that opens the repository, so the files are not forgotten.
    private func cleanUp(_ placed: [String], journal: IngestJournal?) {
        do {
            try datastore.remove(placed)
            journal?.finish()
        } catch {
            journal?.abandon()
        }
    }

    // MARK: Removal

    /// Deletes RUN collections with their datasets and files (not `direct` files). A RUN in a chain is refused
    /// unless `force`, which also takes it out of its chains. Returns each RUN with the number of datasets it held;
    /// with `dryRun`, makes the same checks and counts and deletes nothing.
    @discardableResult
    public func removeRuns(_ names: [String], force: Bool = false, dryRun: Bool = false) throws -> [(run: String, datasets: Int)] {
        var paths: [String] = []
        var counts: [(run: String, datasets: Int)] = []
        try registry.write { db in
            for name in names {
                let (id, type) = try registry.collectionId(name, db: db)
                guard type == .run else { throw ButlerError.wrongCollectionType("'\(name)' is \(type), not a RUN") }
                let parents = try db.values(
                    String.self, "SELECT c.name FROM collection_chain k JOIN collection c ON c.collection_id = k.parent WHERE k.child = ?",
                    [id])
                guard parents.isEmpty || force else {
                    throw ButlerError.wrongCollectionType(
                        "RUN '\(name)' is in chain \(parents.joined(separator: ", ")); use --force to remove it anyway")
                }
                counts.append((name, try db.value(Int.self, "SELECT count(*) FROM dataset WHERE run_id = ?", [id]) ?? 0))
                if dryRun { continue }
                paths += try db.values(
                    String.self, "SELECT f.path FROM file_datastore_records f JOIN dataset d ON d.id = f.dataset_id WHERE d.run_id = ?",
                    [id])
                try removeFromChains(id, db: db)
                try db.execute("DELETE FROM dataset WHERE run_id = ?", [id])
                try db.execute("DELETE FROM collection WHERE collection_id = ?", [id])
            }
        }
        try datastore.remove(paths)
        return counts
    }

    /// Deletes collections that are not RUNs (TAGGED, CHAINED, CALIBRATION); their datasets stay.
    public func removeCollections(_ names: [String]) throws {
        try registry.write { db in
            for name in names {
                let (id, type) = try registry.collectionId(name, db: db)
                guard type != .run else { throw ButlerError.wrongCollectionType("'\(name)' is a RUN; use remove-runs") }
                try removeFromChains(id, db: db)
                try db.execute("DELETE FROM collection WHERE collection_id = ?", [id])
            }
        }
    }

    /// Deletes datasets, their files and their memberships in every collection.
    public func pruneDatasets(_ refs: [DatasetRef]) throws {
        var paths: [String] = []
        try registry.write { db in
            for ref in refs {
                let hex = ref.id.registryHex
                paths += try db.values(String.self, "SELECT path FROM file_datastore_records WHERE dataset_id = ?", [hex])
                try db.execute("DELETE FROM dataset WHERE id = ?", [hex])
            }
        }
        try datastore.remove(paths)
    }

    /// Copies the files of `refs` into `destination`, keeping their paths inside the repository; returns the new paths.
    /// From S3 the files are downloaded several at a time, each checked against its object's checksum (ETag).
    public func retrieveArtifacts(_ refs: [DatasetRef], to destination: String, preservePath: Bool = true) throws -> [String] {
        var files: [(path: String, target: String)] = []
        var folders = Set<String>()
        for ref in refs {
            guard let path = ref.path else { throw ButlerError.datasetNotFound("dataset \(ref.id) has no file") }
            let relative = preservePath && !path.contains("://") ? path : (path as NSString).lastPathComponent
            let target = Self.absolute(destination) + "/" + relative
            let folder = (target as NSString).deletingLastPathComponent
            if folders.insert(folder).inserted { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            files.append((path, target))
        }
        try datastore.retrieve(files)
        return files.map(\.target)
    }

    private func removeFromChains(_ id: Int64, db: RegistryConnection) throws {
        let parents = try db.values(Int64.self, "SELECT DISTINCT parent FROM collection_chain WHERE child = ?", [id])
        try db.execute("DELETE FROM collection_chain WHERE child = ?", [id])
        // Positions stay dense so later edits by position (`pop`) mean what the user sees.
        for parent in parents {
            let children = try db.values(Int64.self, "SELECT child FROM collection_chain WHERE parent = ? ORDER BY position", [parent])
            try db.execute("DELETE FROM collection_chain WHERE parent = ?", [parent])
            for (position, child) in children.enumerated() {
                try db.execute("INSERT INTO collection_chain (parent, position, child) VALUES (?, ?, ?)", [parent, position, child])
            }
        }
    }

    /// The local folder a repository argument names: a path or a `file://` URI. Any other URI (`gs://bucket/repo`;
    /// `s3://` is served before this) is refused: taken as a path it would make a local folder named `gs:`, a
    /// repository nobody asked for.
    static func localFolder(_ path: String) throws -> String {
        if path.hasPrefix("file://") { return String(path.dropFirst("file://".count)) }
        guard let schemeEnd = path.range(of: "://"), !path[..<schemeEnd.lowerBound].isEmpty,
            path[..<schemeEnd.lowerBound].allSatisfy({ $0.isLetter || $0.isNumber || "+.-".contains($0) })
        else { return path }
        let scheme = path[..<schemeEnd.lowerBound].lowercased()
        throw ButlerError.repository(
            "sci keeps a butler repository in a local folder or in S3; \(scheme):// repositories (\(path)) are not supported")
    }

    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        // Most paths are standard already; URL's standardization costs more per file than the ingest's inserts.
        let bytes = full.utf8
        var previous = UInt8(ascii: "/")
        var clean = bytes.last != UInt8(ascii: "/") || bytes.count == 1
        var index = bytes.index(after: bytes.startIndex)
        while clean, index < bytes.endIndex {
            let byte = bytes[index]
            if previous == UInt8(ascii: "/"), byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".") { clean = false }
            previous = byte
            index = bytes.index(after: index)
        }
        return clean ? full : URL(fileURLWithPath: full).standardizedFileURL.path
    }

    private static func fileExtension(_ path: String) -> String {
        let name = (path as NSString).lastPathComponent
        // `.fits.fz`-style double extensions stay whole.
        guard let dot = name.firstIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[dot...])
    }
}
