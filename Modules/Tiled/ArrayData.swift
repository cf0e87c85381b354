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
        let count = try ArrayStructure.count(shape)
        let size = count.multipliedReportingOverflow(by: dataType.itemSize)
        guard !size.overflow, size.partialValue == bytes.count else {
            throw SciError("the server sent \(bytes.count) bytes for \(count) elements of \(dataType.name)",
                           hint: "the array may have changed while it was read; read it again")
        }
        var data = bytes
        if dataType.bigEndian, dataType.swapUnit > 1 {
            let size = dataType.swapUnit
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
        var native = dataType
        native.bigEndian = false
        self.dataType = native
        self.bytes = data
    }

    /// The number of elements.
    public var count: Int { bytes.count / max(dataType.itemSize, 1) }

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

    /// Each element as `width` values of `T` (its code units or fields).
    func values<T: BitwiseCopyable>(as type: T.Type, perElement width: Int) throws -> [ArraySlice<T>] {
        guard MemoryLayout<T>.stride * width == dataType.itemSize else {
            throw SciError("the array holds \(dataType.name), not \(width) × \(T.self)")
        }
        let flat: [T] = bytes.withUnsafeBytes { raw in
            Array(unsafeUninitializedCapacity: count * width) { buffer, initialized in
                _ = raw.copyBytes(to: UnsafeMutableRawBufferPointer(buffer))
                initialized = count * width
            }
        }
        return stride(from: 0, to: flat.count, by: max(width, 1)).map { flat[$0..<$0 + width] }
    }

    /// Every element converted to Double, whatever the integer, float or bool type (64-bit integers beyond 2^53
    /// round: use `jsonValues()` for exact values).
    public func doubles() throws -> [Double] {
        func convert<T: BitwiseCopyable>(_ type: T.Type, _ map: (T) -> Double) throws -> [Double] {
            try values(as: T.self).map(map)
        }
        switch (dataType.kind, dataType.itemSize) {
        case ("f", 8): return try values(as: Double.self)
        case ("f", 4): return try convert(Float.self) { Double($0) }
        case ("f", 2): return try convert(UInt16.self) { Double(Self.half($0)) }
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

    /// Every element as JSON, exactly: integers of every width as integers (uint64 above Int64.max too), floats as
    /// doubles (NaN and infinities included), booleans as booleans, datetime64 as ISO 8601 text at the array's unit
    /// as numpy's `datetime_as_string` writes it (`NaT` for not-a-time), timedelta64 as counts of its unit, unicode
    /// as strings.
    public func jsonValues() throws -> [JSONValue] {
        func map<T: BitwiseCopyable>(_ type: T.Type, _ transform: (T) throws -> JSONValue) throws -> [JSONValue] {
            try values(as: T.self).map(transform)
        }
        switch (dataType.kind, dataType.itemSize) {
        case ("i", 1): return try map(Int8.self) { .int(Int64($0)) }
        case ("i", 2): return try map(Int16.self) { .int(Int64($0)) }
        case ("i", 4): return try map(Int32.self) { .int(Int64($0)) }
        case ("i", 8): return try map(Int64.self) { .int($0) }
        case ("u", 1): return try map(UInt8.self) { .int(Int64($0)) }
        case ("u", 2): return try map(UInt16.self) { .int(Int64($0)) }
        case ("u", 4): return try map(UInt32.self) { .int(Int64($0)) }
        case ("u", 8): return try map(UInt64.self) { JSONValue.integer($0) }
        case ("b", 1): return try map(UInt8.self) { .bool($0 != 0) }
        case ("M", 8):
            let unit = try NumpyTime.Unit(dataType.units)
            return try map(Int64.self) { .string(try NumpyTime.iso8601($0, unit: unit)) }
        case ("m", 8): return try map(Int64.self) { $0 == .min ? .string("NaT") : .int($0) }
        case ("f", _): return try doubles().map(JSONValue.double)
        case ("U", _) where dataType.itemSize % 4 == 0:
            // UTF-32 code points, padded with NULs to the width; a value that is no code point becomes U+FFFD.
            let width = dataType.itemSize / 4
            return try values(as: UInt32.self, perElement: width).map { points in
                .string(String(String.UnicodeScalarView(points.prefix { $0 != 0 }.map { Unicode.Scalar($0) ?? "\u{FFFD}" })))
            }
        default:
            throw SciError("\(dataType.name) elements have no JSON or CSV form here", hint: "use --format npy",
                           exitCode: SciError.usageExitCode)
        }
    }

    /// An IEEE half-precision number's bits as a Float.
    static func half(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int(bits >> 10 & 0x1F), mantissa = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * mantissa * 0x1p-24
        case 31: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * (1 + mantissa / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
