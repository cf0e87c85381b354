import Foundation

/// A fresh folder under the system's temporary directory, removed when the test lets go of it.
final class TemporaryFolder {
    let path: String

    init() throws {
        var template = Array("\(NSTemporaryDirectory())/scifits-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CocoaError(.fileWriteUnknown)
        }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A path inside the folder.
    func file(_ name: String) -> String { "\(path)/\(name)" }

    /// The names in the folder, hidden ones included.
    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }

    /// Writes bytes to a file in the folder and returns its path.
    func write(_ data: Data, to name: String) throws -> String {
        let path = file(name)
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// The path of a file in the test target's Fixtures folder.
func fixture(_ name: String) throws -> String {
    let url = URL(fileURLWithPath: name)
    guard let found = Bundle.module.url(forResource: url.deletingPathExtension().lastPathComponent,
                                        withExtension: url.pathExtension, subdirectory: "Fixtures")
    else { throw CocoaError(.fileNoSuchFile) }
    return found.path
}
