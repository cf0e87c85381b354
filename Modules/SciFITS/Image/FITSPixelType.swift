internal import CFITSIO

/// A pixel type as FITS images store it or as they read after BSCALE/BZERO (cfitsio's "equivalent type").
public enum FITSPixelType: Sendable, CaseIterable, CustomStringConvertible {
    /// One per fixed-size number type; FITS stores 8-bit unsigned, 16/32/64-bit signed and 32/64-bit reals.
    case uint8, int8, int16, uint16, int32, uint32, int64, uint64, float32, float64

    /// The name numpy would use: "uint8", "float32", ….
    public var description: String {
        switch self {
        case .uint8: return "uint8"
        case .int8: return "int8"
        case .int16: return "int16"
        case .uint16: return "uint16"
        case .int32: return "int32"
        case .uint32: return "uint32"
        case .int64: return "int64"
        case .uint64: return "uint64"
        case .float32: return "float32"
        case .float64: return "float64"
        }
    }

    /// True for the types FITS stores natively (BITPIX 8, 16, 32, 64, -32, -64); the others are
    /// stored as their signed or unsigned neighbour with a BZERO offset.
    public var isNative: Bool {
        switch self {
        case .uint8, .int16, .int32, .int64, .float32, .float64: return true
        case .int8, .uint16, .uint32, .uint64: return false
        }
    }

    var byteCount: Int {
        switch self {
        case .uint8, .int8: return 1
        case .int16, .uint16: return 2
        case .int32, .uint32, .float32: return 4
        case .int64, .uint64, .float64: return 8
        }
    }

    /// cfitsio's type code for arrays of this type in memory (TBYTE, TSHORT, ...).
    var datatype: Int32 {
        switch self {
        case .uint8: return TBYTE
        case .int8: return TSBYTE
        case .int16: return TSHORT
        case .uint16: return TUSHORT
        case .int32: return TINT
        case .uint32: return TUINT
        case .int64: return TLONGLONG
        case .uint64: return TULONGLONG
        case .float32: return TFLOAT
        case .float64: return TDOUBLE
        }
    }

    /// cfitsio's image type code; the non-native ones make it write the BZERO offset itself.
    var bitpix: Int32 {
        switch self {
        case .uint8: return BYTE_IMG
        case .int8: return SBYTE_IMG
        case .int16: return SHORT_IMG
        case .uint16: return USHORT_IMG
        case .int32: return LONG_IMG
        case .uint32: return ULONG_IMG
        case .int64: return LONGLONG_IMG
        case .uint64: return ULONGLONG_IMG
        case .float32: return FLOAT_IMG
        case .float64: return DOUBLE_IMG
        }
    }

    init?(bitpix: Int32) {
        guard let type = FITSPixelType.allCases.first(where: { $0.bitpix == bitpix }) else { return nil }
        self = type
    }
}
