import Foundation
import SciCore

/// Any file, kept byte for byte with its own extension.
public struct PlainFileFormatter: DatasetFormatter {
    /// The formatter's name.
    public var name: String { "sci.butler.PlainFileFormatter" }
    /// None: ingested files keep theirs.
    public var fileExtension: String? { nil }

    /// A formatter.
    public init() {}

    /// Writes the bytes as they are, atomically.
    public func write(_ object: DatasetObject, to path: String) throws {
        switch object {
        case .bytes(let data): try AtomicFile.write(data, to: path)
        case .text(let text): try AtomicFile.write(Data(text.utf8), to: path)
        default: throw ButlerError.datastore("plain files hold bytes or text")
        }
    }

    /// Reads the bytes as they are.
    public func read(from path: String) throws -> DatasetObject {
        .bytes(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
