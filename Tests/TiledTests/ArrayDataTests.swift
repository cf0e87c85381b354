import Foundation
import SciCore
import Testing
import TestSupport
@testable import Tiled

@Suite("Array values")
struct ArrayDataTests {
    private func array<T: BitwiseCopyable>(_ values: [T], kind: String, units: String? = nil, bigEndian: Bool = false) throws -> ArrayData {
        try ArrayData(shape: [values.count], dataType: DataType(kind: kind, itemSize: MemoryLayout<T>.stride, units: units),
                      bytes: values.withUnsafeBytes { Data($0) })
    }

    @Test("64-bit integers are exact at both ends, signed and unsigned: no trip through Double, no trap")
    func exactIntegers() throws {
        let signed = try array([Int64.min, Int64.max, 1_700_000_002_000_000_002, -1], kind: "i")
        #expect(try signed.jsonValues() == [.int(.min), .int(.max), .int(1_700_000_002_000_000_002), .int(-1)])
        let unsigned = try array([0, UInt64(1) << 63, .max], kind: "u")
        #expect(try unsigned.jsonValues() == [.int(0), .uint(1 << 63), .uint(.max)])
        #expect(try array([Int8.min, 7], kind: "i").jsonValues() == [-128, 7])
        #expect(try array([UInt32.max], kind: "u").jsonValues() == [.int(4_294_967_295)])
        #expect(try array([UInt8(0), 2], kind: "b").jsonValues() == [false, true])
    }

    @Test("big-endian elements are swapped to the host's order, complex numbers half by half")
    func byteOrder() throws {
        let big = try ArrayData(shape: [2], dataType: DataType(kind: "i", itemSize: 4, bigEndian: true), bytes: Data([0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFE]))
        #expect(try big.values(as: Int32.self) == [1, -2])
        #expect(big.dataType.description == "<i4")
        var complex = Data()
        for part in [1.5, -2.0] { withUnsafeBytes(of: part.bitPattern.bigEndian) { complex.append(contentsOf: $0) } }
        let swapped = try ArrayData(shape: [1], dataType: DataType(kind: "c", itemSize: 16, bigEndian: true), bytes: complex)
        #expect(swapped.bytes.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) } == [1.5, -2.0])
    }

    @Test("a wrong byte count or an absurd shape is an error, not a trap")
    func checkedSizes() {
        #expect(errorMessage { try ArrayData(shape: [3], dataType: DataType(kind: "f", itemSize: 8), bytes: Data(count: 16)) } == "the server sent 16 bytes for 3 elements of float64")
        #expect(errorMessage { try ArrayData(shape: [Int.max, 4], dataType: DataType(kind: "f", itemSize: 8), bytes: Data()) } == "an array of shape [9223372036854775807, 4] is too large to address")
        #expect(errorMessage { try ArrayStructure(["shape": [4], "chunks": [[2, 1]], "data_type": ["kind": "f", "itemsize": 8]]) } == "array structure's chunks [[2, 1]] do not add up to its shape [4]")
        #expect(throws: SciError.self) {
            try ArrayStructure(["shape": [.int(.max), 4], "chunks": [[.int(.max)], [4]], "data_type": ["kind": "f", "itemsize": 8]])
        }
        #expect(errorMessage { try ArrayStructure(["shape": [-1], "chunks": [[-1]], "data_type": ["kind": "f", "itemsize": 8]]) } == "array structure has a shape entry that is not a length: -1")
        #expect(errorMessage { try ArrayStructure(["shape": [2], "chunks": [[2]], "data_type": ["fields": []]]) } == "this array has a structured data type (named fields), which sci does not read")
    }

    @Test("NaN and the infinities stay themselves; float16 and float32 widen exactly")
    func floats() throws {
        let values = try array([Float.nan, .infinity, -.infinity, 0.1], kind: "f").jsonValues().map { $0.doubleValue! }
        #expect(values[0].isNaN && values[1] == .infinity && values[2] == -.infinity && values[3] == Double(Float(0.1)))
        #expect(try array([UInt16(0x3C00), 0xC000, 0x7C00, 0x0001], kind: "f").doubles() == [1, -2, .infinity, 0x1p-24])
    }

    @Test("datetime64 keeps its unit and reads as numpy's datetime_as_string writes it")
    func datetimes() throws {
        let nanoseconds = try array([1_704_067_200_000_000_001, Int64.min, -1], kind: "M", units: "[ns]")
        #expect(nanoseconds.dataType.description == "<M8[ns]" && nanoseconds.dataType.name == "datetime64[ns]")
        #expect(try nanoseconds.jsonValues() == ["2024-01-01T00:00:00.000000001", "NaT", "1969-12-31T23:59:59.999999999"])
        #expect(try array([Int64(19_782)], kind: "M", units: "[D]").jsonValues() == ["2024-02-29"])
        #expect(try array([Int64(54), -1], kind: "M", units: "[Y]").jsonValues() == ["2024", "1969"])
        #expect(try array([Int64(649), -1], kind: "M", units: "[M]").jsonValues() == ["2024-02", "1969-12"])
        #expect(try array([Int64(1), 3601], kind: "M", units: "[s]").jsonValues() == ["1970-01-01T00:00:01", "1970-01-01T01:00:01"])
        #expect(try array([Int64(1)], kind: "M", units: "[10ms]").jsonValues() == ["1970-01-01T00:00:00.010"])
        #expect(try array([Int64(25)], kind: "M", units: "[h]").jsonValues() == ["1970-01-02T01"])
        #expect(try array([Int64(1)], kind: "M", units: "[W]").jsonValues() == ["1970-01-08"])
        #expect(try array([Int64(5), .min], kind: "m", units: "[ms]").jsonValues() == [5, "NaT"])
        #expect(errorMessage { try array([Int64.max], kind: "M", units: "[D]").jsonValues() } == "a datetime64 value 9223372036854775807 days from 1970 is out of range")
        #expect(errorMessage { try array([Int64.max], kind: "M", units: "[2Y]").jsonValues() } == "the datetime64 value 9223372036854775807 × 2 Y is out of range")
        #expect(errorMessage { try array([Int64(1)], kind: "M", units: "[parsec]").jsonValues() } == "'[parsec]' is not a datetime64 unit")
    }

    @Test("slices resolve as numpy's: negative indices and bounds, ..., empty selections; the server gets plain ones")
    func slices() throws {
        #expect(try SliceExpression.resolve("-1,-2:", in: [4, 6]) == ([2], "3,4:6"))
        #expect(try SliceExpression.resolve("...,0", in: [2, 3, 4]) == ([2, 3], "0:2,0:3,0"))
        #expect(try SliceExpression.resolve("0,...", in: [2, 3]) == ([3], "0,0:3"))
        #expect(try SliceExpression.resolve("5:2", in: [10]) == ([0], "5:5"))
        #expect(try SliceExpression.resolve("400:500,0:2", in: [300, 4]) == ([0, 2], "300:300,0:2"))
        #expect(try SliceExpression.resolve("::3", in: [10]) == ([4], "0:10:3"))
        #expect(try SliceExpression.resolve("1", in: [3, 0]) == ([0], "1,0:0"))
        for bad in ["4", "-5", "...,...", "::0", "::-1", "a", "0,0,0", "1:2:3:4", "99999999999999999999"] {
            #expect(throws: SciError.self, "\(bad)") { try SliceExpression.resolve(bad, in: [4]) }
        }
    }
}
