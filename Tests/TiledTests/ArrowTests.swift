import Foundation
import SciCore
import Testing
@testable import Tiled

@Suite("Arrow IPC")
struct ArrowTests {
    let table = Table(
        columns: ["time", "det1", "ok", "name", "empty"],
        values: [
            "time": [1, 2, 3, -4],
            "det1": [0.5, nil, 2.25, -1e300],
            "ok": [true, false, nil, true],
            "name": ["a", "", "Messier M9 — ü", nil],
            "empty": [nil, nil, nil, nil],
        ])

    @Test("a table written as an Arrow file reads back with its columns, order, types and nulls")
    func roundTrip() throws {
        let file = ArrowFile(table).bytes
        #expect(try ArrowReader.table(from: Data(file)) == table)
        // The stream format is the file's messages without the magic and the footer.
        let end = file.count - 10 - Int(file[file.count - 10]) - Int(file[file.count - 9]) << 8
        #expect(try ArrowReader.table(from: Data(file[8..<end])) == table)
    }

    @Test("64-bit integers round-trip exactly, uint64 beyond Int64.max too; an integer column with nulls is pandas' Int64")
    func exactIntegersAndPandasMetadata() throws {
        let exact = Table(columns: ["n", "u"], values: [
            "n": [.int(.min), nil, .int(.max)], "u": [.int(1), .uint(1 << 63), .uint(.max)],
        ])
        let file = ArrowFile(exact)
        #expect(file.types == [.int64, .uint64])
        #expect(try ArrowReader.table(from: Data(file.bytes)) == exact)
        guard case .array(let columns)? = file.pandasMetadata["columns"] else { Issue.record("no pandas columns"); return }
        #expect(columns.map { $0["numpy_type"] } == ["Int64", "uint64"])
        #expect(file.pandasMetadata["index_columns"] == [["kind": "range", "name": nil, "start": 0, "stop": 3, "step": 1]])
    }

    @Test("cut or damaged Arrow data is an error or a table, never a crash or a silently short table")
    func damagedData() throws {
        let file = ArrowFile(table).bytes
        for length in 0..<file.count {
            #expect(throws: FlatTable.Malformed.self) { try ArrowReader.table(from: Data(file[..<length])) }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var damaged = file
            damaged[Int.random(in: 8..<file.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
            if let read = try? ArrowReader.table(from: Data(damaged)) { #expect(read.columns.count <= 64) }
        }
    }

    @Test("timestamps with a zone are shown in it, with its offset, as pandas writes them")
    func timeZones() {
        let noon = Int64(1_709_208_000)  // 2024-02-29T12:00:00Z
        #expect(ArrowColumn.timestamp(noon, unitsPerSecond: 1, zone: ArrowColumn.timeZone("Europe/Paris")) == "2024-02-29T13:00:00+01:00")
        #expect(ArrowColumn.timestamp(noon, unitsPerSecond: 1, zone: ArrowColumn.timeZone("America/New_York")) == "2024-02-29T07:00:00-05:00")
        #expect(ArrowColumn.timestamp(noon, unitsPerSecond: 1, zone: ArrowColumn.timeZone("+05:30")) == "2024-02-29T17:30:00+05:30")
        #expect(ArrowColumn.timestamp(noon + 86_400 * 120, unitsPerSecond: 1, zone: ArrowColumn.timeZone("Europe/Paris")) == "2024-06-28T14:00:00+02:00")
    }

    @Test("dates and timestamps are ISO 8601 as Python writes them, before 1970 too")
    func datesAndTimestamps() {
        #expect(ArrowColumn.date(days: 0) == "1970-01-01")
        #expect(ArrowColumn.date(days: -1) == "1969-12-31")
        #expect(ArrowColumn.date(days: 19_782) == "2024-02-29")
        #expect(ArrowColumn.date(days: -719_468) == "0000-03-01")
        #expect(ArrowColumn.timestamp(1_709_164_800_500_000_000, unitsPerSecond: 1_000_000_000, zone: ArrowColumn.timeZone("UTC"))
                == "2024-02-29T00:00:00.500000000+00:00")
        #expect(ArrowColumn.timestamp(-1, unitsPerSecond: 1) == "1969-12-31T23:59:59")
        #expect(ArrowColumn.timestamp(-1, unitsPerSecond: 1_000) == "1969-12-31T23:59:59.999000")
        #expect(ArrowColumn.timestamp(45_296_000_007, unitsPerSecond: 1_000_000) == "1970-01-01T12:34:56.000007")
    }
}
