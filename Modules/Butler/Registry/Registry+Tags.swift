import Foundation
import GRDB

extension Registry {
    /// Adds datasets to the TAGGED collection `collection` (made if missing), as daf_butler's `associate`. A dataset
    /// already there is left alone; another dataset of the same type and data ID there is a conflict, and then
    /// nothing is added.
    public func associate(_ collection: String, _ refs: [DatasetRef]) throws {
        try write { db in
            let collectionId = try registerCollection(collection, type: .tagged, db: db) ?? taggedId(collection, db: db)
            var types: [String: StoredDatasetType] = [:]
            for ref in refs {
                let type = try types[ref.datasetType] ?? requireDatasetType(ref.datasetType, db: db)
                types[ref.datasetType] = type
                let dims = type.group.required
                let keys = try dims.map { name -> DatabaseValue in
                    guard let value = ref.dataId[name] else { throw ButlerError.invalidDataId("\(ref.dataId) has no value for '\(name)'") }
                    return value.databaseValue
                }
                let hex = ref.id.registryHex
                let match = dims.map { "\(RegistrySchema.quote($0)) = ?" }.joined(separator: " AND ")
                let present: String? = try db.rows(
                    "SELECT dataset_id FROM \(type.tagsTable) WHERE dataset_type_id = ? AND collection_id = ? AND \(match)",
                    values: [type.id.databaseValue, collectionId.databaseValue] + keys
                ).first?[0]
                if let present {
                    guard present == hex else {
                        throw ButlerError.conflictingDataset(
                            "TAGGED collection '\(collection)' already holds another \(ref.datasetType) \(ref.dataId) "
                                + "(\(UUID(registryHex: present)?.uuidString.lowercased() ?? present)); disassociate it first")
                    }
                    continue
                }
                try db.execute(
                    """
                    INSERT INTO \(type.tagsTable) (dataset_type_id, dataset_id, collection_id, \
                    \(dims.map(RegistrySchema.quote).joined(separator: ", "))) \
                    VALUES (?, ?, ?, \(Array(repeating: "?", count: dims.count).joined(separator: ", ")))
                    """,
                    values: [type.id.databaseValue, hex.databaseValue, collectionId.databaseValue] + keys)
            }
        }
    }

    /// Takes datasets out of the TAGGED collection `collection`, as daf_butler's `disassociate`; the datasets stay in
    /// their RUNs. Returns how many were members.
    @discardableResult
    public func disassociate(_ collection: String, _ refs: [DatasetRef]) throws -> Int {
        try write { db in
            let collectionId = try taggedId(collection, db: db)
            var removed = 0
            var tables: [String: String] = [:]
            for ref in refs {
                let table = try tables[ref.datasetType] ?? requireDatasetType(ref.datasetType, db: db).tagsTable
                tables[ref.datasetType] = table
                removed += try db.executeCounting(
                    "DELETE FROM \(table) WHERE dataset_id = ? AND collection_id = ?", [ref.id.registryHex, collectionId])
            }
            return removed
        }
    }

    private func taggedId(_ name: String, db: RegistryConnection) throws -> Int64 {
        let (id, type) = try collectionId(name, db: db)
        guard type == .tagged else { throw ButlerError.wrongCollectionType("collection '\(name)' is \(type), not TAGGED") }
        return id
    }
}
