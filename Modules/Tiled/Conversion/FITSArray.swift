import Foundation
public import SciCore
import SciFITS

/// A FITS file's primary image as Tiled stores it: a float64 array, with the header's keywords as metadata.
public struct FITSArray: Sendable {
    /// The pixels as physical values in float64, shaped as astropy reads them.
    public var array: ArrayData
    /// The header keywords that carry a value (HISTORY and COMMENT cards are left out).
    public var header: [String: JSONValue]

    /// The primary image and header of the FITS file at `path`.
    public init(contentsOf path: String) throws {
        let fits = try FITSFile(path)
        defer { try? fits.close() }
        let image = try fits.image(at: 0)
        var header: [String: JSONValue] = [:]
        for card in try fits.header(at: 0) {
            guard let value = card.value else { continue }
            switch value {
            case .string(let text): header[card.keyword] = .string(text)
            case .integer(let number): header[card.keyword] = .int(Int64(number))
            case .double(let number): header[card.keyword] = .double(number)
            case .bool(let flag): header[card.keyword] = .bool(flag)
            case .complex, .undefined: header[card.keyword] = .string(value.description)
            }
        }
        self.header = header
        array = try ArrayData(
            // A 1×N image (NAXIS = 2) stays two-dimensional, as astropy reads it.
            shape: image.height > 1 || (header["NAXIS"]?.intValue ?? 1) >= 2 ? [image.height, image.width] : [image.width],
            dataType: DataType(kind: "f", itemSize: 8),
            bytes: image.pixels.withUnsafeBytes { Data($0) })
    }

    /// The node's metadata: the header under "fits", beside `extra`.
    public func metadata(adding extra: [String: JSONValue] = [:]) -> [String: JSONValue] {
        var fields = extra
        fields["fits"] = .object(header)
        return fields
    }

    /// Writes a 1-D or 2-D array as a FITS image of doubles (rows become image lines) at `path`, atomically: cfitsio
    /// writes a temporary beside the destination, renamed over it when whole.
    public static func write(_ array: ArrayData, to path: String) throws {
        guard (1...2).contains(array.shape.count), let width = array.shape.last else {
            throw SciError("FITS takes 1-D and 2-D arrays; this one has \(array.shape.count) dimensions",
                           hint: "pick a plane with --slice, or use npy", exitCode: SciError.usageExitCode)
        }
        let height = array.shape.count == 2 ? array.shape[0] : 1
        let image = FITSImage(width: width, height: height, pixels: try array.doubles())
        let temporary = path + ".tmp-\(getpid())"
        do {
            let file = try FITSFile.create(temporary, overwrite: true)
            _ = try file.appendImage(image)
            try file.close()
            try AtomicFile.publish(temporary, as: path)
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
