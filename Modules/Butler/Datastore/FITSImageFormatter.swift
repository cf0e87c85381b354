import Foundation
import SciFITS

/// An image in the primary HDU of a FITS file, through SciFITS.
public struct FITSImageFormatter: DatasetFormatter {
    /// The formatter's name.
    public var name: String { "sci.butler.FITSImageFormatter" }
    /// `.fits`.
    public var fileExtension: String? { ".fits" }

    /// A formatter.
    public init() {}

    /// Writes the image as a FITS primary HDU, atomically.
    public func write(_ object: DatasetObject, to path: String) throws {
        guard case .image(let image) = object else { throw ButlerError.datastore("FITS files hold images") }
        // Written beside the destination and renamed, so a reader never sees half a file.
        let temporary = path + ".tmp-\(getpid())"
        let file = try FITSFile.create(temporary, overwrite: true)
        _ = try file.appendImage(image)
        try file.close()
        guard rename(temporary, path) == 0 else { throw ButlerError.datastore("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    /// Reads the primary image.
    public func read(from path: String) throws -> DatasetObject {
        let file = try FITSFile(path)
        defer { try? file.close() }
        return .image(try file.image(at: 0))
    }
}
