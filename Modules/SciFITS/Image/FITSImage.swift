/// A 2-D image in memory: `width` × `height` pixels in row-major order, x fastest, as FITS stores them.
///
/// Row 0 is the first row in the file, which FITS viewers draw at the bottom. A 1-D FITS image reads as one row.
public struct FITSImage<Element: FITSPixel>: Equatable, Sendable {
    /// Pixels per row (NAXIS1).
    public let width: Int
    /// Number of rows (NAXIS2).
    public let height: Int
    /// Every pixel, row after row: the pixel at (x, y) is `pixels[y * width + x]`.
    public private(set) var pixels: [Element]

    /// An image over existing pixels; their count must be `width * height`.
    public init(width: Int, height: Int, pixels: [Element]) {
        precondition(width >= 0 && height >= 0, "image size must not be negative")
        precondition(pixels.count == width * height, "an image of \(width)×\(height) needs \(width * height) pixels, not \(pixels.count)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image with every pixel set to one value.
    public init(width: Int, height: Int, repeating value: Element = .zero) {
        self.init(width: width, height: height, pixels: Array(repeating: value, count: width * height))
    }

    /// The pixel in column `x` of row `y`.
    public subscript(x x: Int, y y: Int) -> Element {
        get { pixels[index(x, y)] }
        set { pixels[index(x, y)] = newValue }
    }

    /// The same image with every pixel transformed, for example to another type.
    public func map<T: FITSPixel>(_ transform: (Element) throws -> T) rethrows -> FITSImage<T> {
        FITSImage<T>(width: width, height: height, pixels: try pixels.map(transform))
    }

    private func index(_ x: Int, _ y: Int) -> Int {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) is outside a \(width)×\(height) image")
        return y * width + x
    }
}
