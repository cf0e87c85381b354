import GRDB

/// The values a file template may ask for beyond the data ID: implied dimensions and record fields
/// (`{exposure.obs_id}`, `{detector.full_name}`), looked up in the registry only when the template uses them.
struct TemplateValues {
    let universe: DimensionUniverse
    /// The fields that may need a registry lookup, split at `.` once rather than per file.
    private let lookups: [(field: String, parts: [String])]

    init(universe: DimensionUniverse, fields: Set<String>) {
        self.universe = universe
        // Only `dim.field` and dimensions (which may be implied) can need a lookup; `run`, `datasetType`... never do.
        lookups = fields.filter { $0.contains(".") || universe.contains($0) }.sorted()
            .map { ($0, $0.split(separator: ".").map(String.init)) }
    }

    /// The template values for a standardized data ID.
    mutating func values(for dataId: DataId, group: DimensionGroup, db: RegistryConnection) throws -> [String: DataIdValue] {
        var values = dataId.values
        for (field, parts) in lookups {
            if parts.count == 2, group.names.contains(parts[0]) {
                if let value = try lookup(element: parts[0], column: parts[1], dataId: dataId, db: db) { values[field] = value }
            } else if parts.count == 1, group.implied.contains(field) {
                for owner in group.required where try universe.element(owner).implies.contains(field) {
                    if let value = try lookup(element: owner, column: field, dataId: dataId, db: db) { values[field] = value }
                    break
                }
            }
        }
        return values
    }

    private func lookup(element: String, column: String, dataId: DataId, db: RegistryConnection) throws -> DataIdValue? {
        let definition = try universe.element(element)
        guard column == definition.primaryKey.name || definition.recordFields.contains(where: { $0.name == column })
            || definition.implies.contains(column)
        else { return nil }
        if column == definition.primaryKey.name { return dataId[element] }
        let keys = try universe.requiredDimensions(of: element) + [element]
        guard keys.allSatisfy({ dataId[$0] != nil }) else { return nil }
        let condition = keys.map { "\(RegistrySchema.quote($0 == element ? definition.primaryKey.name : $0)) = ?" }
            .joined(separator: " AND ")
        let row = try db.rows(
            "SELECT \(RegistrySchema.quote(column)) FROM \(RegistrySchema.quote(element)) WHERE \(condition)",
            values: keys.map { dataId[$0]!.databaseValue }
        ).first
        return row.flatMap { DataIdValue($0[0] as DatabaseValue) }
    }
}
