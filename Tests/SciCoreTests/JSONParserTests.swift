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

    @Test("64-bit integers stay exact, signed and unsigned, at both ends; only larger ones become doubles")
    func exactIntegers() throws {
        let text = "[-9223372036854775808,9223372036854775807,9223372036854775808,18446744073709551615,18446744073709551616,1700000002000000002]"
        let parsed = try JSONParser.parse(Data(text.utf8))
        #expect(parsed == [.int(.min), .int(.max), .uint(1 << 63), .uint(.max), .double(18446744073709551616), .int(1700000002000000002)])
        #expect(parsed.jsonString() == "[-9223372036854775808,9223372036854775807,9223372036854775808,18446744073709551615,1.8446744073709552e+19,1700000002000000002]")
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) == parsed)
        #expect(try JSONParser.parse(Data("-9223372036854775809".utf8)) == .double(-0x1p63))  // just below Int64.min: the nearest double, -2^63
        #expect(JSONValue.integer(5) == .int(5) && JSONValue.integer(UInt64.max).uint64Value == .max)
        #expect(JSONValue.uint(.max).intValue == nil && JSONValue.uint(.max).plainText == "18446744073709551615")
    }

    @Test("only JSON's own number grammar is a number: no leading zeros, plus signs, bare points or hex")
    func strictNumbers() throws {
        for text in ["02139", "+5", ".5", "5.", "-", "1e", "1e+", "0x10", "-.5", "--1", "1.e3", "Infinity", "NaN", "00"] {
            #expect(throws: JSONParser.Failure.self, "\(text)") { try JSONParser.parse(Data(text.utf8)) }
        }
        #expect(try JSONParser.parse(Data("[0,-0,0.5,-1.25e-3,2E+2,10]".utf8)) == [0, 0, 0.5, -0.00125, 200, 10])
    }
}
