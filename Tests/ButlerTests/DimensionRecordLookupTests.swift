@testable import Butler
import Foundation
import GRDB
import Testing
import TestSupport

/// A record looked up by its key (`instrument = 'X' AND exposure.id = N`) is found through the table's primary key,
/// not by reading every record: at 1,000,000 exposures that was 0.4 s a lookup.
@Suite struct DimensionRecordLookupTests {
    @Test func aKeyLookupSearchesThePrimaryKey() throws {
        let folder = try TemporaryDirectory()
        let (butler, _) = try SpatialQueryTests.makeRepository(folder, count: 20)
        let (sql, arguments) = try butler.registry.dimensionRecordsQuery(
            "exposure", where: "instrument = 'SPHEREx' AND exposure.id = 7", bind: [:], orderBy: [], limit: nil)
        let plan = try butler.registry.read { db in
            try db.rows("EXPLAIN QUERY PLAN " + sql, values: arguments).compactMap { $0["detail"] as String? }
        }
        #expect(plan.contains { $0.hasPrefix("SEARCH r USING") && $0.contains("instrument=? AND id=?") }, "\(plan)")
        #expect(try SpatialQueryTests.ids(butler, "exposure.id = 7") == [7])
    }
}
