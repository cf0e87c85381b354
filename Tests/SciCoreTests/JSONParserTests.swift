import Foundation
import SciCore
import Testing

@Suite struct JSONParserTests {
    @Test func agreesWithJSONDecoder() throws {
        let text = #"{"a":[1,-2,3.5,1e3,-0.25,9223372036854775807,18446744073709551616],"s":"tab\t \"q\" \u00e9 \ud83d\ude00 /","n":null,"t":true,"f":false,"o":{},"e":[]}"#
        let parsed = try JSONParser.parse(Data(text.utf8))
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(parsed == decoded)
        #expect(parsed["s"]?.stringValue == "tab\t \"q\" é 😀 /")
    }

    @Test func refusesBrokenText() {
        for text in ["{", "[1,]", "{\"a\" 1}", "tru", "\"open", "1 2", ""] {
            #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Data(text.utf8)) }
        }
    }

    @Test func loneSurrogatesAndAByteOrderMark() throws {
        #expect(try JSONParser.parse(Data(#""\ud800\u0041""#.utf8)) == .string("\u{FFFD}A"))
        #expect(try JSONParser.parse(Data(#""\udc00x""#.utf8)) == .string("\u{FFFD}x"))
        #expect(try JSONParser.parse(Data(#""\ud800""#.utf8)) == .string("\u{FFFD}"))
        #expect(try JSONParser.parse(Data([0xEF, 0xBB, 0xBF] + Array(#"{"a":1}"#.utf8))) == ["a": 1])
    }
}
