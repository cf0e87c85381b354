/// A summary of one HDU (header and data unit), as astropy's `info()` lists it.
public struct HDUInfo: Equatable, Sendable {
    /// What an HDU holds.
    public enum Kind: Sendable, CustomStringConvertible {
        /// An image (primary array or IMAGE extension), a TABLE or a BINTABLE extension.
        case image, asciiTable, binaryTable

        /// "image", "ASCII table" or "binary table".
        public var description: String {
            switch self {
            case .image: return "image"
            case .asciiTable: return "ASCII table"
            case .binaryTable: return "binary table"
            }
        }

        var article: String { self == .asciiTable ? "an" : "a" }
    }

    /// The position in the file; 0 is the primary HDU.
    public let index: Int
    /// Image, ASCII table or binary table.
    public let kind: Kind
    /// The EXTNAME keyword, when present.
    public let name: String?
    /// The NAXISn values: an image's size along x, y, …; a table's row width in bytes and row count.
    public let dimensions: [Int]
    /// For an image with pixels, the type its values have once BSCALE/BZERO are applied.
    public let pixelType: FITSPixelType?
}
