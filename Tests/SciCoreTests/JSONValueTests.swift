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
}
