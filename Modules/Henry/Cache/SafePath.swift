import Foundation
import SciCore

/// Checks on names that become paths on this machine. Names come from the server (object names, file, product
/// and collection names, slugs), and a hostile or broken server must not steer a write outside the folder it is
/// meant for, so a name that is not a plain path component is refused, never rewritten into something else.
enum SafePath {
    /// `name` if it is one plain path component: not empty, not `.` or `..`, no `/`, no control characters, at most
    /// 255 bytes. Throws one line naming `what` it is otherwise.
    static func component(_ name: String, _ what: String) throws -> String {
        let shown = String(name.unicodeScalars.prefix(80).map { $0.properties.generalCategory == .control ? "?" : Character($0) })
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"),
            !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }), name.utf8.count <= 255
        else {
            throw SciError(
                "the server gave \(what) '\(shown)', which is not a plain file name; nothing was written",
                hint: "names with /, .., control characters or over 255 bytes cannot be written safely; ask the server's operator")
        }
        return name
    }

    /// `path` if it is a relative path of plain components (as `uploader/uuid/name`), which stays inside the folder it
    /// is appended to.
    static func relative(_ path: String, _ what: String) throws -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let shown = String(path.unicodeScalars.prefix(120).map { $0.properties.generalCategory == .control ? "?" : Character($0) })
        guard !parts.isEmpty, !parts.contains(where: { $0.isEmpty }), (try? parts.map({ try component(String($0), what) })) != nil else {
            throw SciError(
                "the server gave \(what) '\(shown)', which is not a relative path of plain names; nothing was written",
                hint: "a name that climbs out of the cache (.., /) is refused; ask the server's operator")
        }
        return path
    }
}
