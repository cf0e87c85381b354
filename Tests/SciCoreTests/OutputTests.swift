import Foundation
import SciCore
import Testing

@Suite("Records and pages")
struct OutputTests {
    final class Sink: @unchecked Sendable {
        var text = ""
    }

    let rows: [[String: JSONValue]] = [
        ["run": 355100, "name": "Zero Bias", "good": true],
        ["run": 355101, "name": "with, comma \"quoted\"", "good": false],
    ]

    func render(_ format: OutputFormat) -> String {
        let sink = Sink()
        let writer = RecordWriter(format: format, columns: ["run", "name", "good"]) { sink.text += $0 }
        writer.write(rows)
        writer.finish()
        return sink.text
    }

    @Test("one renderer, four formats")
    func formats() throws {
        #expect(render(.table) == """
            RUN     NAME                  GOOD
            355100  Zero Bias             true
            355101  with, comma "quoted"  false

            """)
        #expect(render(.csv) == "run,name,good\n355100,Zero Bias,true\n355101,\"with, comma \"\"quoted\"\"\",false\n")
        #expect(render(.jsonl).split(separator: "\n").count == 2)
        let parsed = try JSONValue(parsing: Data(render(.json).utf8))
        #expect(parsed == .array(rows.map { .object($0) }))
    }

    @Test("table cells are aligned by characters, flattened to one line, cut at 80, with no trailing blanks")
    func tableCells() {
        let sink = Sink()
        let writer = RecordWriter(format: .table, columns: ["name", "note", "last"]) { sink.text += $0 }
        writer.write(["name": "Ω Cen", "note": "two\nlines", "last": nil])
        writer.write(["name": "M9", "note": .string(String(repeating: "x", count: 90)), "last": 1.0])
        writer.finish()
        #expect(sink.text == """
            NAME   NOTE\(String(repeating: " ", count: 78))LAST
            Ω Cen  two lines
            M9     \(String(repeating: "x", count: 79))…  1.0

            """)
    }

    @Test("rows by position print as the same rows by name, in every format")
    func positionalRows() throws {
        for format in OutputFormat.allCases {
            let sink = Sink()
            let writer = RecordWriter(format: format, columns: ["run", "name", "good"]) { sink.text += $0 }
            for row in rows { writer.write(values: ["run", "name", "good"].map { row[$0]! }) }
            writer.finish()
            #expect(sink.text == render(format), "\(format)")
        }
        // A short row leaves the rest null (JSON) or empty (CSV); keys stay sorted by their bytes.
        let sink = Sink()
        let writer = RecordWriter(format: .jsonl, columns: ["b", "a", "c"]) { sink.text += $0 }
        writer.write(values: [.int(1), .string("x")])
        writer.finish()
        #expect(sink.text == #"{"a":"x","b":1,"c":null}"# + "\n")
    }

    @Test("an empty listing is still valid output")
    func empty() throws {
        let sink = Sink()
        let writer = RecordWriter(format: .json) { sink.text += $0 }
        writer.finish()
        #expect(sink.text == "[]\n")
    }

    @Test("pages are fetched lazily, limited by max pages, and resume from a saved cursor")
    func paging() async throws {
        let fetch: Paged<Int>.Fetch = { cursor in
            let start = Int(cursor ?? "0")!
            let next = start + 3 < 10 ? String(start + 3) : nil
            return Page(items: Array(start..<min(start + 3, 10)), next: next, total: 10)
        }
        #expect(try await Paged(fetch: fetch).items() == Array(0..<10))
        #expect(try await Paged(maxPages: 2, fetch: fetch).items() == Array(0..<6))

        var iterator = Paged(fetch: fetch).makeAsyncIterator()
        _ = try await iterator.next()
        let saved = iterator.cursor
        #expect(saved == "3")
        #expect(try await Paged(resumingAt: saved, fetch: fetch).items() == Array(3..<10))
    }
}
