public import SciCore

/// Why XML could not be read: the file, the text itself, an XPath expression, or a document that is not a VOTable.
public enum XMLError: Error, SciErrorConvertible, Equatable, Sendable {
    /// The file could not be opened or read.
    case file(FileError)
    /// The text is not well-formed XML; `source` is the file path or "XML text", `column` is nil when unknown.
    case malformed(source: String, line: Int, column: Int?, message: String)
    /// libxml2 rejected the XPath expression; `position` is the character where it stopped, when known.
    case invalidXPath(expression: String, message: String, position: Int?)
    /// The document is well-formed but its root element is not `VOTABLE`.
    case notVOTable(source: String, root: String)

    /// The one-line message a user sees.
    public var sciError: SciError {
        switch self {
        case .file(let error):
            return error.sciError
        case .malformed(let source, let line, let column, let message):
            let place = column.map { "line \(line), column \($0)" } ?? "line \(line)"
            return SciError("malformed XML in \(source) at \(place): \(message)")
        case .invalidXPath(let expression, let message, let position):
            let place = position.map { " at character \($0)" } ?? ""
            return SciError("invalid XPath expression \"\(expression)\": \(message)\(place)", exitCode: SciError.usageExitCode)
        case .notVOTable(let source, let root):
            return SciError("\(source) is not a VOTable: its root element is <\(root)>")
        }
    }
}

extension XMLError: CustomStringConvertible {
    /// The same one line as `sciError`, so `print(error)` and string interpolation read well.
    public var description: String { sciError.description }
}
