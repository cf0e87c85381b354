import Foundation
import SciCore
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test("free-form JSON survives a round trip with its types")
    func roundTrip() throws {
        let text = #"{"a":1,"b":2.5,"c":"x","d":[true,null,{"e":-3}],"f":{}}"#
        let value = try JSONValue(parsing: Data(text.utf8))
        #expect(value["a"] == .int(1))
        #expect(value["b"] == .double(2.5))
        #expect(value["d"] == [true, nil, ["e": -3]])
        #expect(value.jsonString() == text)
        #expect(try JSONValue(parsing: Data(value.jsonString(pretty: true).utf8)) == value)
    }

    @Test("cells show strings bare and structures as JSON")
    func plainText() {
        #expect(JSONValue.string("M31").plainText == "M31")
        #expect(JSONValue.null.plainText == "")
        #expect(JSONValue.double(3).plainText == "3.0")
        #expect(JSONValue.array([1, "a"]).plainText == #"[1,"a"]"#)
        #expect(JSONValue.double(2.0).intValue == 2)
        #expect(JSONValue.double(2.5).intValue == nil)
    }

    @Test("compact text is what JSONEncoder with sorted keys writes, byte for byte, but for a float's .0")
    func compactMatchesJSONEncoder() throws {
        let strings: [String] = ["", "plain", "quote \" back \\ slash / tab \t nl \n cr \r", "\u{08}\u{0C}\u{01}\u{1F}\u{7F}", "é 漢字 🚀"]
        let doubles: [Double] = [0, -0.0, 3, 2.5, 0.1, -1.25e-7, 1e20, 1.5e300, 123456789.125, Double(Int64.max)]
        let keys = ["b", "a", "B", "A", "a10", "a2", "_x", "Z9", "é", "ab", "a b", "1", "10", "2"]
        var object: [String: JSONValue] = [:]
        for (index, key) in keys.enumerated() { object[key] = .int(Int64(index)) }
        let values: [JSONValue] = strings.map(JSONValue.string) + doubles.map(JSONValue.double) + [
            .int(.min), .int(.max), .int(0), .bool(true), .bool(false), .null, .array([]), .object([:]),
            .object(object), .array([.object(["k": .array([1, "x", nil])]), .double(0.5)]),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for value in values {
            var expected = String(decoding: try encoder.encode(value), as: UTF8.self)
            if case .double(let number) = value, number.rounded() == number, number.magnitude < 1e16 { expected += ".0" }
            #expect(value.jsonString() == expected)
        }
    }

    @Test("a float stays a float: 300.0 is read, written and indented as 300.0, as Python writes it")
    func floatsKeepTheirFraction() throws {
        let value = try JSONValue(parsing: Data(#"{"exptime":300.0,"n":300,"list":[1.0,2]}"#.utf8))
        #expect(value["exptime"] == .double(300))
        #expect(value.jsonString() == #"{"exptime":300.0,"list":[1.0,2],"n":300}"#)
        #expect(value.jsonString(pretty: true) == """
            {
              "exptime": 300.0,
              "list": [
                1.0,
                2
              ],
              "n": 300
            }
            """)
        #expect(JSONValue.object([:]).jsonString(pretty: true) == "{}")
        #expect(JSONValue.array([]).jsonString(pretty: true) == "[]")
    }
}
