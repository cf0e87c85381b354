public import Foundation
public import SciCore

/// Elements of an array read from a server, in row-major order and the host's byte order.
public struct ArrayData: Sendable {
    /// Length along each dimension.
    public var shape: [Int]
    /// The element type (its byte order is the host's once read).
    public var dataType: DataType
    /// The elements' bytes.
    public var bytes: Data

    /// Elements from bytes in `dataType`'s order, swapped to the host's when they differ.
    public init(shape: [Int], dataType: DataType, bytes: Data) throws {
        let count = shape.reduce(1, *)
        guard bytes.count == count * dataType.itemSize else {
            throw SciError("the server sent \(bytes.count) bytes for \(count) elements of \(dataType.name)",
                           hint: "the array may have changed while it was read; read it again")
        }
        var data = bytes
        if dataType.bigEndian, dataType.itemSize > 1 {
            let size = dataType.kind == "c" ? dataType.itemSize / 2 : dataType.itemSize
            data.withUnsafeMutableBytes { raw in
                var offset = 0
                while offset < raw.count {
                    var low = offset, high = offset + size - 1
                    while low < high { raw.swapAt(low, high); low += 1; high -= 1 }
                    offset += size
                }
            }
        }
        self.shape = shape
        self.dataType = DataType(kind: dataType.kind, itemSize: dataType.itemSize, bigEndian: false)
        self.bytes = data
    }

    /// The number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// The elements as `T`, which must be the array's own type (for example `Double` for float64).
    public func values<T: BitwiseCopyable>(as type: T.Type) throws -> [T] {
        guard MemoryLayout<T>.stride == dataType.itemSize else {
            throw SciError("the array holds \(dataType.name), not \(T.self)", hint: "read it as a matching type or with doubles()")
        }
        return bytes.withUnsafeBytes { raw in
            Array(unsafeUninitializedCapacity: count) { buffer, initialized in
                _ = raw.copyBytes(to: UnsafeMutableRawBufferPointer(buffer))
                initialized = count
            }
        }
    }

    /// Every element converted to Double, whatever the integer, float or bool type.
    public func doubles() throws -> [Double] {
        func convert<T: BitwiseCopyable>(_ type: T.Type, _ map: (T) -> Double) throws -> [Double] {
            try values(as: T.self).map(map)
        }
        switch (dataType.kind, dataType.itemSize) {
        case ("f", 8): return try values(as: Double.self)
        case ("f", 4): return try convert(Float.self) { Double($0) }
        case ("i", 1): return try convert(Int8.self) { Double($0) }
        case ("i", 2): return try convert(Int16.self) { Double($0) }
        case ("i", 4): return try convert(Int32.self) { Double($0) }
        case ("i", 8): return try convert(Int64.self) { Double($0) }
        case ("u", 1), ("b", 1): return try convert(UInt8.self) { Double($0) }
        case ("u", 2): return try convert(UInt16.self) { Double($0) }
        case ("u", 4): return try convert(UInt32.self) { Double($0) }
        case ("u", 8): return try convert(UInt64.self) { Double($0) }
        default: throw SciError("cannot convert \(dataType.name) elements to numbers")
        }
    }

    /// Every element as JSON, for printing: numbers stay exact for integers.
    public func jsonValues() throws -> [JSONValue] {
        switch dataType.kind {
        case "i", "u": return try doubles().map { .int(Int64($0)) }
        case "b": return try doubles().map { .bool($0 != 0) }
        default: return try doubles().map { .double($0) }
        }
    }
}
