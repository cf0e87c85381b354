/// A numpy-style element type: kind (`f` float, `i` signed, `u` unsigned, `b` bool, `c` complex, `M` datetime64,
/// `m` timedelta64), size, byte order and, for times, the unit.
public struct DataType: Sendable, Hashable, CustomStringConvertible {
    /// numpy's kind code.
    public var kind: String
    /// Bytes per element.
    public var itemSize: Int
    /// Whether the server sends the most significant byte first.
    public var bigEndian: Bool
    /// The unit of a datetime64 or timedelta64 as numpy spells it, brackets included (`[ns]`, `[D]`, `[10s]`).
    public var units: String?

    /// A data type.
    public init(kind: String, itemSize: Int, bigEndian: Bool = false, units: String? = nil) {
        self.kind = kind
        self.itemSize = itemSize
        self.bigEndian = bigEndian
        self.units = units
    }

    /// numpy's spelling, such as `<f8`, `>i2`, `<M8[ns]` or `<U3` (unicode counts characters of 4 bytes).
    public var description: String {
        let order = itemSize == 1 || kind == "S" || kind == "V" ? "|" : bigEndian ? ">" : "<"
        return order + kind + String(kind == "U" ? itemSize / 4 : itemSize) + (units ?? "")
    }

    /// numpy's kind and size as a name: float64, int16, uint8, bool, datetime64[ns].
    public var name: String {
        switch kind {
        case "f": return "float\(itemSize * 8)"
        case "i": return "int\(itemSize * 8)"
        case "u": return "uint\(itemSize * 8)"
        case "b": return "bool"
        case "c": return "complex\(itemSize * 8)"
        case "M": return "datetime64" + (units ?? "")
        case "m": return "timedelta64" + (units ?? "")
        case "U": return "str\(itemSize / 4 * 32)"
        case "S": return "bytes\(itemSize * 8)"
        default: return description
        }
    }

    /// The size of one number to swap when the byte order changes: a complex number's halves are swapped apart,
    /// unicode text by 4-byte code point, bytes and raw records not at all.
    var swapUnit: Int {
        switch kind {
        case "c": return itemSize / 2
        case "U": return 4
        case "S", "V": return 1
        default: return itemSize
        }
    }
}
