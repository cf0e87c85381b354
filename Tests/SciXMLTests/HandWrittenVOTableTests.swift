import SciCore
import SciXML
import Testing

/// What the AstrOmatic files do not exercise: namespaces, vectors, empty cells, booleans, deep nesting.
@Suite struct HandWrittenVOTableTests {
    let votable: VOTable

    init() throws {
        votable = try VOTable(contentsOf: Fixture.path("hand-written.xml"))
    }

    @Test func nestedResourcesAndLookUps() throws {
        #expect(votable.version == "1.3")
        #expect(votable.resources.map(\.id) == ["Outer", "Second"])
        let outer = try #require(votable.resources.first)
        #expect(outer.type == "results")
        #expect(outer.resources.first?.resources.first?.name == "inner")
        #expect(votable.resource(named: "Inner")?.param(named: "Depth")?.value == .int(3))
        #expect(votable.resource(named: "inner")?.id == "Inner", "resources answer to their name too")
        #expect(votable.allTables.map { $0.name ?? "" } == ["empty", "stars", "Warnings"], "own tables before nested ones")
        #expect(votable.table(named: "Stars")?.name == "stars")
        #expect(votable.table(named: "stars")?.id == "Stars")
        #expect(votable.table(named: "Nowhere") == nil)
        #expect(votable.resource(named: "Nowhere") == nil)
        #expect(votable.table(named: "Stars")?.description == "Three stars and a gap")
    }

    @Test func paramsAtEveryLevel() {
        #expect(votable.param(named: "Survey")?.value == "synthetic", "DEFINITIONS at the top level")
        #expect(votable.param(named: "Pointing")?.value == [150.5, -2.25])
        #expect(votable.param(named: "Pointing")?.unit == "deg")
        #expect(votable.param(named: "Pointing")?.text == "150.5 -2.25")
        #expect(votable.param(named: "Blank")?.value == .null)
        #expect(votable.param(named: "ZeroPoint")?.value.doubleValue == 30, "PARAMs inside a GROUP")
        #expect(votable.param(named: "Missing") == nil)
        #expect(votable.infos == [VOTableInfo(name: "QUERY_STATUS", value: "OK", text: "all good")])
    }

    @Test func cellsDecodedByDatatype() throws {
        let stars = try #require(votable.table(named: "Stars"))
        #expect(stars.rows.count == 4)
        let first = stars[row: 0]
        #expect(first["Id"] == .int(1))
        #expect(first["Name"] == "alpha")
        #expect(first["Mag"] == .double(16.5))
        #expect(first["Position"] == [10.5, 20.25])
        #expect(first["Counts"] == [1, 2, 3])
        #expect(first["Saturated"] == .bool(true))
        #expect(first["Flags"] == .int(31), "hexadecimal integers")
        #expect(first["Phase"] == [1.0, -1.0], "a complex number is a pair")
        #expect(first[1] == "alpha")
        #expect(first.cells.count == 8)
    }

    @Test func emptyMissingAndNullCells() throws {
        let stars = try #require(votable.table(named: "Stars"))
        let second = stars[row: 1]
        #expect(second["Name"] == .null, "an empty TD is null")
        #expect(second["Mag"] == .null, "NaN is null")
        #expect(second["Position"] == [30.0, 40.0], "extra spaces between vector items")
        #expect(second["Counts"] == .null, "<TD/> is null")
        #expect(second["Saturated"] == .bool(false))
        #expect(second["Phase"] == .null)
        let third = stars[row: 2]
        #expect(third["Name"] == "gamma & delta")
        #expect(third["Mag"]?.doubleValue == 21)
        #expect(third["Position"] == [1000.0, -0.025])
        #expect(third["Counts"] == [7], "a vector column keeps a one-item vector a vector")
        #expect(third["Saturated"] == .null, "? is a null boolean")
        #expect(third["Flags"]?.intValue == 255)
        let short = stars[row: 3]
        #expect(short["Name"] == "<epsilon>", "CDATA reads as text")
        #expect(short["Mag"] == .null, "a row with fewer TDs is padded with nulls")
        #expect(short.cells.count == 8)
        #expect(stars.column("Saturated") == [.bool(true), .bool(false), .null, .null])
        #expect(votable.table(named: "Empty")?.rows.isEmpty == true)
    }

    @Test func warningsFromAnyResource() {
        #expect(votable.warnings == [VOTableWarning(date: "2026-01-02", time: "03:04:05", message: "first warning")])
    }

    @Test func textThatDoesNotFitTheDatatypeIsKept() throws {
        let table = VOTableTable(
            fields: [VOTableField(name: "n", datatype: "int"), VOTableField(name: "b", datatype: "boolean"),
                     VOTableField(name: "x", datatype: "double")],
            rows: [["2.5", "maybe", "12 pix"], ["1e3", "TRUE", "-inf"]])
        #expect(table[row: 0]["n"] == .double(2.5))
        #expect(table[row: 0]["b"] == "maybe")
        #expect(table[row: 0]["x"] == "12 pix")
        #expect(table[row: 1]["n"]?.intValue == 1000)
        #expect(table[row: 1]["b"] == .bool(true))
        #expect(table[row: 1]["x"] == .double(-.infinity))
    }

    @Test func readsFromText() throws {
        let text = """
            <VOTABLE><RESOURCE><TABLE name="t"><FIELD name="v" datatype="short" arraysize="3"/>
            <DATA><TABLEDATA><TR><TD>1 2 3</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>
            """
        let votable = try VOTable(string: text)
        #expect(votable.table(named: "t")?[row: 0]["v"] == [1, 2, 3])
    }

    @Test func wellFormedButNotAVOTable() throws {
        let error = try #require(throws: XMLError.self) { try VOTable(contentsOf: Fixture.path("not-votable.xml")) }
        guard case .notVOTable(_, let root) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(root == "catalog")
        #expect(error.sciError.message.hasSuffix("not-votable.xml is not a VOTable: its root element is <catalog>"))
    }
}
