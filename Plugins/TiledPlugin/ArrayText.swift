import SciCore
import Tiled

/// Arrays as text.
enum ArrayText {
    /// One line per run of the last dimension, values separated by commas.
    static func csv(_ array: ArrayData) throws -> String {
        let values = try array.jsonValues().map(\.plainText)
        let width = max(array.shape.last ?? 1, 1)
        var text = ""
        text.reserveCapacity(values.count * 8)
        for start in stride(from: 0, to: values.count, by: width) {
            text += values[start..<min(start + width, values.count)].joined(separator: ",") + "\n"
        }
        return text
    }

    /// Nested lists, one level per dimension, as Python's `json.dumps(array.tolist())` writes them: integers exact,
    /// and NaN and the infinities as `NaN`, `Infinity` and `-Infinity` (which Python's and JavaScript's JSON readers
    /// take, though strict JSON has no such numbers); datetime64 as ISO 8601 text.
    static func json(_ array: ArrayData) throws -> String {
        let values = try array.jsonValues()
        var text = ""
        text.reserveCapacity(values.count * 8)
        func element(_ value: JSONValue) {
            guard case .double(let number) = value, !number.isFinite else { return text += value.jsonString() }
            text += number.isNaN ? "NaN" : number > 0 ? "Infinity" : "-Infinity"
        }
        func nest(_ dimension: Int, _ offset: Int) {
            if dimension == array.shape.count { return element(values[offset]) }
            let inner = array.shape[(dimension + 1)...].reduce(1, *)
            text += "["
            for index in 0..<array.shape[dimension] {
                if index > 0 { text += "," }
                nest(dimension + 1, offset + index * inner)
            }
            text += "]"
        }
        nest(0, 0)
        return text
    }
}
