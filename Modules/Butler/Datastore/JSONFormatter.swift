import Foundation
import SciCore

/// Structured data as JSON, as daf_butler's `JsonFormatter`.
public struct JSONFormatter: DatasetFormatter {
    /// daf_butler's class name.
    public var name: String { "lsst.daf.butler.formatters.json.JsonFormatter" }
    /// `.json`.
    public var fileExtension: String? { ".json" }

    /// A formatter.
    public init() {}

    /// Writes the object as JSON, atomically.
    public func write(_ object: DatasetObject, to path: String) throws {
        guard case .structured(let value) = object else { throw ButlerError.datastore("JSON files hold structured data") }
        try AtomicFile.write(Data(value.jsonString(pretty: true).utf8), to: path)
    }

    /// Reads a JSON file.
    public func read(from path: String) throws -> DatasetObject {
        .structured(try JSONValue(parsing: try Data(contentsOf: URL(fileURLWithPath: path))))
    }
}
