import SciCore

/// The shape, element type and chunking of an array node.
public struct ArrayStructure: Sendable, Hashable {
    /// Length along each dimension.
    public var shape: [Int]
    /// The element type.
    public var dataType: DataType
    /// Per dimension, the lengths of its chunks; the server serves one block per combination of chunks.
    public var chunks: [[Int]]

    /// A structure from the server's JSON.
    init(_ json: JSONValue) throws {
        func ints(_ value: JSONValue?) -> [Int] {
            guard case .array(let items)? = value else { return [] }
            return items.compactMap { $0.intValue.map(Int.init) }
        }
        shape = ints(json["shape"])
        guard case .array(let chunkLists)? = json["chunks"] else { throw SciError("array structure has no chunks") }
        chunks = chunkLists.map { ints($0) }
        guard let type = json["data_type"], let kind = type["kind"]?.stringValue, let size = type["itemsize"]?.intValue else {
            throw SciError("array structure has no data_type (structured dtypes are not supported)")
        }
        dataType = DataType(kind: kind, itemSize: Int(size), bigEndian: type["endianness"]?.stringValue == "big")
    }

    /// The number of elements.
    public var count: Int { shape.reduce(1, *) }
}

/// A numpy-style element type: kind (`f` float, `i` signed, `u` unsigned, `b` bool, `c` complex), size and byte order.
public struct DataType: Sendable, Hashable, CustomStringConvertible {
    /// numpy's kind code.
    public var kind: String
    /// Bytes per element.
    public var itemSize: Int
    /// Whether the server sends the most significant byte first.
    public var bigEndian: Bool

    /// A data type.
    public init(kind: String, itemSize: Int, bigEndian: Bool = false) {
        self.kind = kind
        self.itemSize = itemSize
        self.bigEndian = bigEndian
    }

    /// numpy's spelling, such as `<f8` or `>i2`.
    public var description: String { (itemSize == 1 ? "|" : bigEndian ? ">" : "<") + kind + String(itemSize) }

    /// numpy's kind and size as a name: float64, int16, uint8, bool.
    public var name: String {
        switch kind {
        case "f": return "float\(itemSize * 8)"
        case "i": return "int\(itemSize * 8)"
        case "u": return "uint\(itemSize * 8)"
        case "b": return "bool"
        case "c": return "complex\(itemSize * 8)"
        default: return description
        }
    }
}
