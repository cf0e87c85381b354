public import SciFITS

/// An image a task reads or writes: the pixels of one HDU, its header (WCS included) and the pixel type it is
/// stored as. A float32 image keeps its pixels as Float (`float32Pixels`), as read, so a task that works in float32
/// (as numpy does on such images) neither converts nor doubles the memory; `pixels` gives them as Double.
public struct TaskImage: Sendable, Equatable {
    private enum Storage: Sendable {
        case double(FITSImage<Double>)
        case float(FITSImage<Float>)
    }

    private var storage: Storage
    /// The header's cards; structural ones (BITPIX, NAXISn) are set from the pixels when written.
    public var header: FITSHeader
    /// How the pixels are stored in the file.
    public var pixelType: FITSPixelType

    /// An image.
    public init(pixels: FITSImage<Double>, header: FITSHeader = FITSHeader(), pixelType: FITSPixelType = .float64) {
        storage = .double(pixels)
        self.header = header
        self.pixelType = pixelType
    }

    /// A float32 image, kept in Float.
    public init(float32Pixels pixels: FITSImage<Float>, header: FITSHeader = FITSHeader()) {
        storage = .float(pixels)
        self.header = header
        self.pixelType = .float32
    }

    /// The pixels as physical values in Double (converted from Float for a float32 image; setting them replaces
    /// the Float ones).
    public var pixels: FITSImage<Double> {
        get {
            switch storage {
            case .double(let image): return image
            case .float(let image): return image.map(Double.init)
            }
        }
        set { storage = .double(newValue) }
    }

    /// The pixels of a float32 image as read, without conversion; nil when they are held as Double.
    public var float32Pixels: FITSImage<Float>? {
        if case .float(let image) = storage { return image }
        return nil
    }

    /// Pixels per row.
    public var width: Int {
        switch storage {
        case .double(let image): return image.width
        case .float(let image): return image.width
        }
    }

    /// Number of rows.
    public var height: Int {
        switch storage {
        case .double(let image): return image.height
        case .float(let image): return image.height
        }
    }

    /// Writes the image as the only HDU of a new FITS file (see `FITSFile.writeImage`).
    func write(to path: String, durable: Bool) throws {
        switch storage {
        case .double(let image): try FITSFile.writeImage(image, storedAs: pixelType, header: header, to: path, overwrite: true, durable: durable)
        case .float(let image): try FITSFile.writeImage(image, storedAs: pixelType, header: header, to: path, overwrite: true, durable: durable)
        }
    }

    /// The write of the image as the only HDU of a new FITS file, with the file made now, in memory
    /// (`FITSFile.imageFile`), so that the write only waits on the disk; a large or integer image is made as it is
    /// written.
    func fileWrite(to path: String, durable: Bool) throws -> @Sendable () throws -> Void {
        let file: FITSImageFile?
        switch storage {
        case .double(let image): file = try FITSFile.imageFile(image, storedAs: pixelType, header: header, path: path)
        case .float(let image): file = try FITSFile.imageFile(image, storedAs: pixelType, header: header, path: path)
        }
        guard let file else { return { try self.write(to: path, durable: durable) } }
        return { try file.write(to: path, overwrite: true, durable: durable) }
    }

    /// Equal headers, pixel types and pixel values, however they are held.
    public static func == (a: TaskImage, b: TaskImage) -> Bool {
        guard a.header == b.header, a.pixelType == b.pixelType else { return false }
        if let x = a.float32Pixels, let y = b.float32Pixels { return x == y }
        return a.pixels == b.pixels
    }
}
