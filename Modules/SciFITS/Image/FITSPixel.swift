/// A Swift number type that FITS images can be read into and written from.
public protocol FITSPixel: Numeric, Sendable, BitwiseCopyable {
    /// The FITS pixel type with the same memory layout.
    static var pixelType: FITSPixelType { get }
}

extension UInt8: FITSPixel { public static var pixelType: FITSPixelType { .uint8 } }
extension Int8: FITSPixel { public static var pixelType: FITSPixelType { .int8 } }
extension Int16: FITSPixel { public static var pixelType: FITSPixelType { .int16 } }
extension UInt16: FITSPixel { public static var pixelType: FITSPixelType { .uint16 } }
extension Int32: FITSPixel { public static var pixelType: FITSPixelType { .int32 } }
extension UInt32: FITSPixel { public static var pixelType: FITSPixelType { .uint32 } }
extension Int64: FITSPixel { public static var pixelType: FITSPixelType { .int64 } }
extension UInt64: FITSPixel { public static var pixelType: FITSPixelType { .uint64 } }
extension Float: FITSPixel { public static var pixelType: FITSPixelType { .float32 } }
extension Double: FITSPixel { public static var pixelType: FITSPixelType { .float64 } }
