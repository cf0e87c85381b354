public import Foundation

/// A fresh folder under the system's temporary directory, removed with everything in it when the value goes away.
public final class TemporaryDirectory: Sendable {
    /// The folder's path.
    public let path: String

    /// Creates the folder.
    public init(_ prefix: String = "sci-test") throws {
        var template = Array("\(NSTemporaryDirectory())/\(prefix).XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = String(decoding: Array(UnsafeBufferPointer(start: made, count: strlen(made))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A path inside the folder.
    public func file(_ name: String) -> String { "\(path)/\(name)" }

    /// Writes a text file and returns its path.
    @discardableResult
    public func writeFile(_ name: String, _ text: String) throws -> String {
        let file = file(name)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Writes an executable script and returns its path.
    @discardableResult
    public func writeScript(_ name: String, _ text: String) throws -> String {
        let file = try writeFile(name, text)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file)
        return file
    }

    /// Writes bytes to a file in the folder and returns its path.
    @discardableResult
    public func write(_ data: Data, to name: String) throws -> String {
        let path = file(name)
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The names in the folder, hidden ones included, sorted.
    public func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }
}
