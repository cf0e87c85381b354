import Foundation
import GRDB

/// A dataset type as stored: its definition, its dimension group and the tables holding its datasets.
struct StoredDatasetType {
    var id: Int64
    var definition: DatasetType
    var group: DimensionGroup
    var tagsTable: String
    var calibsTable: String
}

extension Registry {
    /// Registers a dataset type; returns false when an identical one exists, and fails when a different one does.
    @discardableResult
    public func registerDatasetType(_ datasetType: DatasetType) throws -> Bool {
        try DatasetType.validate(name: datasetType.name)
        let group = try universe.group(datasetType.dimensions)
        return try write { db in
            if let existing = try storedDatasetType(datasetType.name, db: db) {
                guard existing.definition == datasetType else {
                    throw ButlerError.conflictingDatasetType(
                        "dataset type '\(datasetType.name)' is registered with dimensions "
                            + "{\(existing.definition.dimensions.joined(separator: ", "))} and storage class "
                            + "\(existing.definition.storageClass); it cannot be redefined")
                }
                return false
            }
            let groupId = try dimensionGroupId(group, db: db)
            try db.execute(
                """
                INSERT INTO dataset_type (name, storage_class, dimensions, dimension_group_id, is_calibration,
                    tag_association_table, calibration_association_table) VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    datasetType.name, datasetType.storageClass, datasetType.dimensions.joined(separator: ","), groupId,
                    datasetType.isCalibration, RegistrySchema.tagsTable(groupId), RegistrySchema.calibsTable(groupId),
                ])
            return true
        }
    }

    /// The dataset type called `name`.
    public func datasetType(_ name: String) throws -> DatasetType {
        try read { db in
            guard let stored = try storedDatasetType(name, db: db) else { throw ButlerError.unknownDatasetType(name) }
            return stored.definition
        }
    }

    /// All dataset types, by name; `pattern` is a glob (`spx_*`).
    public func datasetTypes(matching pattern: String? = nil) throws -> [DatasetType] {
        try read { db in
            let glob = db.dialect.glob("name", pattern: pattern ?? "*")
            return try db.values(String.self, "SELECT name FROM dataset_type WHERE \(glob.sql) ORDER BY name", [glob.value])
                .compactMap { try storedDatasetType($0, db: db)?.definition }
        }
    }

    /// Removes a dataset type that has no datasets.
    public func removeDatasetType(_ name: String) throws {
        try write { db in
            guard let stored = try storedDatasetType(name, db: db) else { throw ButlerError.unknownDatasetType(name) }
            let count = try db.value(Int.self, "SELECT COUNT(*) FROM dataset WHERE dataset_type_id = ?", [stored.id]) ?? 0
            guard count == 0 else {
                throw ButlerError.conflictingDatasetType("dataset type '\(name)' still has \(count) datasets")
            }
            try db.execute("DELETE FROM dataset_type WHERE id = ?", [stored.id])
        }
    }

    func storedDatasetType(_ name: String, db: RegistryConnection) throws -> StoredDatasetType? {
        guard let row = try db.row("SELECT * FROM dataset_type WHERE name = ?", [name]), let id: Int64 = row["id"] else {
            return nil
        }
        let dimensionText: String = row["dimensions"] ?? ""
        let definition = DatasetType(
            name: name, dimensions: dimensionText.split(separator: ",").map(String.init),
            storageClass: row["storage_class"] ?? "", isCalibration: row["is_calibration"] ?? false)
        return StoredDatasetType(
            id: id, definition: definition, group: try universe.group(definition.dimensions),
            tagsTable: row["tag_association_table"] ?? "", calibsTable: row["calibration_association_table"] ?? "")
    }

    func requireDatasetType(_ name: String, db: RegistryConnection) throws -> StoredDatasetType {
        guard let stored = try storedDatasetType(name, db: db) else { throw ButlerError.unknownDatasetType(name) }
        return stored
    }

    /// The id of a dimension group, creating it and its dataset tables the first time a type uses it.
    private func dimensionGroupId(_ group: DimensionGroup, db: RegistryConnection) throws -> Int64 {
        if let id = try db.value(Int64.self, "SELECT id FROM dimension_group WHERE key = ?", [group.key]) {
            return id
        }
        let id = try db.insert("INSERT INTO dimension_group (key) VALUES (?)", [group.key], returning: "id")
        for sql in try RegistrySchema.datasetTablesSQL(groupId: id, group: group, universe: universe, dialect: db.dialect) {
            try db.execute(sql)
        }
        return id
    }
}
