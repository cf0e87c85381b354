import Foundation
import SciCore
import Testing
import TestSupport
@testable import Tiled

@Suite("Queries and their compact form")
struct QueryTests {
    private func parameters(_ query: Query) -> [String] {
        query.queryItems.map { "\($0.name)=\($0.value ?? "")" }
    }

    @Test("values are JSON-encoded where Tiled expects JSON, plain where it expects text")
    func encoding() {
        let query = Query([
            .eq("start.plan_name", "scan"), .comparison(.ge, "start.scan_id", 10), .isIn("k", ["a", 1]),
            .specs(include: ["BlueskyRun"]), .structureFamily("table"), .fulltext("M9"), .keyPresent("stop", exists: false),
            .like("p", pattern: "%scan%"), .regex("uid", pattern: "^u"), .keys(["run1"]), .lookup("run2"), .notEq("n", 3),
        ])
        #expect(parameters(query) == [
            "filter[eq][condition][key]=start.plan_name", #"filter[eq][condition][value]="scan""#,
            "filter[comparison][condition][operator]=ge", "filter[comparison][condition][key]=start.scan_id",
            "filter[comparison][condition][value]=10",
            "filter[in][condition][key]=k", #"filter[in][condition][value]=["a",1]"#,
            #"filter[specs][condition][include]=["BlueskyRun"]"#, "filter[specs][condition][exclude]=[]",
            "filter[structure_family][condition][value]=table",
            "filter[fulltext][condition][text]=M9",
            "filter[keypresent][condition][key]=stop", "filter[keypresent][condition][exists]=false",
            "filter[like][condition][key]=p", #"filter[like][condition][pattern]="%scan%""#,
            "filter[regex][condition][key]=uid", "filter[regex][condition][pattern]=^u", "filter[regex][condition][case_sensitive]=true",
            #"filter[keys_filter][condition][keys]=["run1"]"#, "filter[lookup][condition][key]=run2",
            "filter[noteq][condition][key]=n", "filter[noteq][condition][value]=3",
        ])
        #expect(query.queryTypes.contains("keypresent"))
    }

    @Test("the compact form reads every operator")
    func compact() throws {
        let query = try QueryParser.parse([
            #"plan_name == "scan""#, "scan_id >= 10", #""M9" in fulltext"#, "scan_id < 3", #"tags contains "a""#,
            #"plan_name in ["scan","count"]"#, #"plan_name not in ["scan"]"#, "stop exists", "stop !exists",
            "spec:BlueskyRun", "!spec:X", "family:array", "key:run1", #"uid =~ "^abc""#, #"plan_name like "%scan%""#,
            "plan_name != bare",
        ])
        #expect(query.conditions == [
            .eq("plan_name", "scan"), .comparison(.ge, "scan_id", 10), .fulltext("M9"), .comparison(.lt, "scan_id", 3),
            .contains("tags", "a"), .isIn("plan_name", ["scan", "count"]), .notIn("plan_name", ["scan"]),
            .keyPresent("stop"), .keyPresent("stop", exists: false), .specs(include: ["BlueskyRun"]),
            .specs(include: [], exclude: ["X"]), .structureFamily("array"), .lookup("run1"), .regex("uid", pattern: "^abc"),
            .like("plan_name", pattern: "%scan%"), .notEq("plan_name", "bare"),
        ])
    }

    @Test("keys_filter, access tags, a regex ignoring case; values are JSON only when valid JSON")
    func moreConditions() throws {
        let query = try QueryParser.parse(["keys:run1, x", "access_tags:public", #"uid ~* "^ABC""#, "zip == 02139", "n == +5", "n == -9223372036854775808"])
        #expect(query.conditions == [
            .keys(["run1", "x"]), .accessTags(["public"]), .regex("uid", pattern: "^ABC", caseSensitive: false),
            .eq("zip", "02139"), .eq("n", "+5"), .eq("n", .int(.min)),
        ])
        #expect(query.queryItems.map(\.name).prefix(2) == ["filter[keys_filter][condition][keys]", "filter[access_tags_filter][condition][tags]"])
        #expect(query.queryItems.first?.value == #"["run1","x"]"#)
    }

    @Test("a malformed condition is a usage error naming it", arguments: ["plan_name ~~ 3", "== 3", "x in 3", "", "a b", "keys:a,,b", "keys:"])
    func malformed(_ text: String) {
        do {
            _ = try QueryParser.parse(text)
            Issue.record("'\(text)' parsed")
        } catch let error as SciError {
            #expect(error.exitCode == SciError.usageExitCode)
            #expect(error.message.contains("'\(text)'"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test("sort keys: descending with -, junk refused")
    func sort() throws {
        let key = try SortKey(parsing: "-start.scan_id")
        #expect(key.descending && key.key == "start.scan_id" && key.parameter == "-start.scan_id")
        #expect(errorMessage { try SortKey(parsing: "a,-b") } == "bad sort key 'a,-b'")
    }

    @Test("slice shapes follow numpy")
    func slices() throws {
        #expect(try SliceExpression.shape(of: "1:3,::2", in: [3, 4]) == [2, 2])
        #expect(try SliceExpression.shape(of: "0", in: [3, 4]) == [4])
        #expect(try SliceExpression.shape(of: ":,-1", in: [3, 4]) == [3])
        #expect(try SliceExpression.shape(of: "2:100", in: [3, 4]) == [1, 4])
        #expect(errorMessage { try SliceExpression.shape(of: "9", in: [3, 4]) } == "bad slice '9': '9' is not an index within -3..<3")
        #expect(errorMessage { try SliceExpression.shape(of: "1,2,3", in: [3, 4]) } == "bad slice '1,2,3': it has 3 dimensions but the array has 2")
    }

    @Test("big-endian elements are swapped to the host's order, and every type converts to Double")
    func dataTypes() throws {
        let big = try ArrayData(shape: [2], dataType: DataType(kind: "i", itemSize: 4, bigEndian: true),
                                bytes: Data([0, 0, 1, 0, 0xFF, 0xFF, 0xFF, 0xFE]))
        #expect(try big.values(as: Int32.self) == [256, -2])
        #expect(errorMessage { try big.values(as: Double.self) } == "the array holds int32, not Double")
        let floats = try ArrayData(shape: [1], dataType: DataType(kind: "f", itemSize: 4, bigEndian: true), bytes: Data([0x3F, 0xC0, 0, 0]))
        #expect(try floats.doubles() == [1.5])
        let bytes = try ArrayData(shape: [3], dataType: DataType(kind: "u", itemSize: 1), bytes: Data([0, 7, 255]))
        #expect(try bytes.doubles() == [0, 7, 255])
        #expect(errorMessage { try ArrayData(shape: [3], dataType: DataType(kind: "f", itemSize: 8), bytes: Data(count: 16)) } == "the server sent 16 bytes for 3 elements of float64")
    }
}
