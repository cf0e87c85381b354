import Foundation
import SciCore

/// Text as a `.txt` file.
public struct TextFormatter: DatasetFormatter {
    /// The formatter's name.
    public var name: String { "sci.butler.TextFormatter" }
    /// `.txt`.
    public var fileExtension: String? { ".txt" }

    /// A formatter.
    public init() {}

    /// Writes the text, atomically.
    public func write(_ object: DatasetObject, to path: String) throws {
        guard case .text(let text) = object else { throw ButlerError.datastore("text files hold text") }
        try AtomicFile.write(Data(text.utf8), to: path)
    }

    /// Reads the file as UTF-8 text.
    public func read(from path: String) throws -> DatasetObject {
        .text(try String(contentsOfFile: path, encoding: .utf8))
    }
}
