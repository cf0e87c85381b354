import Foundation
import SciCore
import Testing

@Suite struct CSVReaderTests {
    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let text = "file,note\r\n\"a,b.txt\",\"said \"\"hi\"\"\"\n\"two\nlines.txt\",\"cr\r\nlf\"\n"
        let records = try CSVReader().records(in: text)
        #expect(records == [["file", "note"], ["a,b.txt", "said \"hi\""], ["two\nlines.txt", "cr\r\nlf"]])
    }

    @Test func emptyLinesAreSkippedButEmptyFieldsKept() throws {
        #expect(try CSVReader().records(in: "a,b\n\n1,\n\r\n,2") == [["a", "b"], ["1", ""], ["", "2"]])
        // A quoted empty field is a record of its own, not an empty line.
        #expect(try CSVReader().records(in: "a\n\"\"\n") == [["a"], [""]])
    }

    @Test func blanksAroundUnquotedFieldsGoOnlyWhenAsked() throws {
        let text = " a , \"b \" \n \t \n1,2"
        #expect(try CSVReader(trimsBlanks: true).records(in: text) == [["a", "b "], ["1", "2"]])
        #expect(try CSVReader().records(in: text) == [[" a ", " \"b \" "], [" \t "], ["1", "2"]])
    }

    @Test func anUnclosedQuoteNamesTheLineItOpenedOn() throws {
        let error = try #require(throws: SciError.self) { try CSVReader().records(in: "a,b\n1,2\n3,\"open\nstill\n") }
        #expect(error.message == "a quoted field opened on line 3 is not closed")
    }

    @Test func textIsUTF8() throws {
        #expect(try CSVReader().records(in: "nom\n\"Señor, ☃\"\n") == [["nom"], ["Señor, ☃"]])
    }
}
