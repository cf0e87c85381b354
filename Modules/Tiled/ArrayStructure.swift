import SciCore

/// The shape, element type and chunking of an array node.
public struct ArrayStructure: Sendable, Hashable {
    /// Length along each dimension.
    public var shape: [Int]
    /// The element type.
    public var dataType: DataType
    /// Per dimension, the lengths of its chunks; the server serves one block per combination of chunks.
    public var chunks: [[Int]]

    /// A structure from the server's JSON, checked: lengths are whole, chunks add up to the shape and the array's
    /// size in bytes fits in memory addresses, so no later arithmetic on them can overflow.
    init(_ json: JSONValue) throws {
        func ints(_ value: JSONValue?, _ what: String) throws -> [Int] {
            guard case .array(let items)? = value else { throw SciError("array structure has no \(what)") }
            return try items.map { item in
                guard let number = item.intValue, let length = Int(exactly: number), length >= 0 else {
                    throw SciError("array structure has a \(what) entry that is not a length: \(item.jsonString())")
                }
                return length
            }
        }
        shape = try ints(json["shape"], "shape")
        guard case .array(let chunkLists)? = json["chunks"] else { throw SciError("array structure has no chunks") }
        chunks = try chunkLists.map { try ints($0, "chunks") }
        guard let type = json["data_type"], let kind = type["kind"]?.stringValue, let size = type["itemsize"]?.intValue,
              let itemSize = Int(exactly: size), itemSize > 0
        else {
            throw SciError("this array has a structured data type (named fields), which sci does not read",
                           hint: "read its fields with the Python client, or ask the server for --format csv")
        }
        dataType = DataType(kind: kind, itemSize: itemSize, bigEndian: type["endianness"]?.stringValue == "big",
                            units: type["dt_units"]?.stringValue)
        // Chunks are positive (a dimension of length 0 has the one chunk [0]), so there are never more blocks than
        // elements.
        guard chunks.count == shape.count,
              zip(chunks, shape).allSatisfy({ lengths, length in
                  lengths == [0] ? length == 0 : lengths.allSatisfy { $0 > 0 } && ArrayStructure.sum(lengths) == length
              })
        else {
            throw SciError("array structure's chunks \(chunks) do not add up to its shape \(shape)")
        }
        guard try ArrayStructure.count(shape).multipliedReportingOverflow(by: itemSize).overflow == false else {
            throw SciError("an array of shape \(shape) is too large to address")
        }
    }

    /// The number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// The sum of `lengths`, nil when it overflows.
    static func sum(_ lengths: [Int]) -> Int? {
        var total = 0
        for length in lengths {
            let (next, overflow) = total.addingReportingOverflow(length)
            if overflow { return nil }
            total = next
        }
        return total
    }

    /// The number of elements of `shape`, or an error when it overflows.
    static func count(_ shape: [Int]) throws -> Int {
        try shape.reduce(1) { product, length in
            let (result, overflow) = product.multipliedReportingOverflow(by: length)
            guard !overflow else { throw SciError("an array of shape \(shape) is too large to address") }
            return result
        }
    }
}
