public import SciCore

/// A FITS file could not be opened, read or written; `message` says which file and why, in one line.
public struct FITSError: Error, SciErrorConvertible, Equatable, CustomStringConvertible {
    /// What went wrong, independent of the file it happened to.
    public enum Reason: Equatable, Sendable {
        /// The file does not exist.
        case notFound
        /// The file exists but may not be read (or written).
        case permissionDenied
        /// The path names a folder.
        case isFolder
        /// The file exists and `overwrite` was not asked for.
        case alreadyExists
        /// The file has no bytes.
        case empty
        /// The file does not start with a FITS header.
        case notFITS
        /// The file stops before the end of a header or of its data.
        case truncated
        /// The file was opened read-only and a change was asked for.
        case readOnly
        /// The file is open read-only elsewhere in this process, and cfitsio shares one handle per file.
        case openReadOnlyElsewhere
        /// The file was already closed.
        case closed
        /// There is no HDU at that index; the file has `count`.
        case noSuchHDU(index: Int, count: Int)
        /// The HDU holds a table, not an image.
        case notAnImage(HDUInfo.Kind)
        /// The HDU is an image HDU with no pixels (NAXIS = 0).
        case noImageData
        /// The image has more axes than SciFITS reads.
        case tooManyAxes(Int)
        /// Pixel values do not fit in the element type asked for.
        case valueOutOfRange
        /// A keyword, value or comment cannot be written to a FITS header.
        case invalidHeader(String)
        /// The operating system refused, with its reason.
        case system(String)
        /// Any other cfitsio failure: its status code and its own description.
        case library(status: Int32, text: String)
    }

    /// The file, as the caller named it.
    public let path: String
    /// What went wrong.
    public let reason: Reason
    /// What was being done, as the start of a sentence: "cannot open", "cannot read the image in HDU 1 of".
    let action: String

    init(_ action: String, _ path: String, _ reason: Reason) {
        self.action = action
        self.path = path
        self.reason = reason
    }

    /// The one-line message, for example "cannot open image.fits: not a FITS file (...)".
    public var message: String { "\(action) \(path): \(reason.text)" }

    /// The message.
    public var description: String { message }

    /// The message as a `SciError`, with a hint where there is something to do.
    public var sciError: SciError {
        SciError(message, hint: reason.hint, underlying: nil)
    }
}

extension FITSError.Reason {
    var text: String {
        switch self {
        case .notFound: return "no such file"
        case .permissionDenied: return "permission denied"
        case .isFolder: return "it is a folder, not a file"
        case .alreadyExists: return "the file already exists"
        case .empty: return "the file is empty"
        case .notFITS: return "not a FITS file (could not interpret the first header)"
        case .truncated: return "the file ends too early (truncated?)"
        case .readOnly: return "the file is open read-only"
        case .openReadOnlyElsewhere: return "the file is already open read-only in this program"
        case .closed: return "the file is already closed"
        case .noSuchHDU(let index, let count):
            return "there is no HDU \(index); the file has \(count) (numbered from 0)"
        case .notAnImage(let kind): return "the HDU is \(kind.article) \(kind), not an image"
        case .noImageData: return "the HDU has a header but no image data (NAXIS = 0)"
        case .tooManyAxes(let count): return "the image has \(count) axes; only 1- and 2-dimensional images are read"
        case .valueOutOfRange: return "some pixel values do not fit in the requested type"
        case .invalidHeader(let why): return why
        case .system(let why): return why
        case .library(let status, let text): return "\(text) (cfitsio status \(status))"
        }
    }

    var hint: String? {
        switch self {
        case .alreadyExists: return "remove it first, or ask for it to be overwritten"
        case .truncated: return "the download or copy may have been cut short"
        case .readOnly: return "open the file read-write to change it"
        case .openReadOnlyElsewhere: return "close the read-only FITSFile first"
        case .valueOutOfRange: return "read it as a wider type, such as Double"
        default: return nil
        }
    }
}
