import ArgumentParser
import Butler
import Foundation
import SciCLI

extension ButlerCommand {
    /// `sci butler insert-dimension-records`.
    struct InsertDimensionRecords: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "insert-dimension-records",
            abstract: "Insert dimension records from a CSV table (daf_butler has no command for this).",
            discussion: """
                The header names the record's fields: its required dimensions, its key and metadata, and for a
                spatial dimension its region (IVOA POS such as "POLYGON 150 2 151 2 151 3" or sphgeom hex).
                Example:
                  printf 'instrument,id,full_name\\nSPHEREx,1,D1\\n' > detectors.csv
                  sci butler insert-dimension-records DATA detector detectors.csv --sync
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "The dimension.") var element: String
        @Argument(help: "The CSV table.", completion: .file(extensions: ["csv"])) var table: String
        @Flag(help: "Skip records that exist identically; fail only on differences.") var sync = false

        func run() throws {
            let butler = try repository.open()
            let universe = butler.registry.universe
            let definition = try universe.element(element)
            let (header, rows) = try IngestTable.parse(try String(contentsOfFile: table, encoding: .utf8))
            let records = try rows.map { values in
                var record: [String: RecordValue] = [:]
                for (name, text) in zip(header, values) {
                    record[name] = try RecordValue(parsing: text, as: try Self.fieldType(name, of: definition, universe: universe))
                }
                return record
            }
            try butler.registry.insertDimensionRecords(element, records, sync: sync)
            let writer = try globals.makeWriter(columns: ["element", "records"])
            writer.write(["element": .string(element), "records": .int(Int64(records.count))])
            writer.finish()
        }

        private static func fieldType(_ name: String, of element: DimensionElement, universe: DimensionUniverse) throws -> DimensionField.ValueType {
            if name == element.name || name == element.primaryKey.name { return element.primaryKey.type }
            if let field = element.recordFields.first(where: { $0.name == name }) { return field.type }
            if name.hasPrefix("timespan_") { return .int }
            if name == "region", element.isSpatial { return .region }
            return try universe.element(name).primaryKey.type
        }
    }
}
