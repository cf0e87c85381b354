public import SciFITS

/// An image a task reads or writes: the pixels of one HDU, its header (WCS included) and the pixel type it is
/// stored as.
public struct TaskImage: Sendable, Equatable {
    /// The pixels as physical values.
    public var pixels: FITSImage<Double>
    /// The header's cards; structural ones (BITPIX, NAXISn) are set from the pixels when written.
    public var header: FITSHeader
    /// How the pixels are stored in the file.
    public var pixelType: FITSPixelType

    /// An image.
    public init(pixels: FITSImage<Double>, header: FITSHeader = FITSHeader(), pixelType: FITSPixelType = .float64) {
        self.pixels = pixels
        self.header = header
        self.pixelType = pixelType
    }
}
