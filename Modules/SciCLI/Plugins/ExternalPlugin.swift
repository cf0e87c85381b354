import Foundation

/// An executable `sci-<name>` on `PATH`, run as `sci <name> ...` (git- and cargo-style), so a lab can add commands
/// without rebuilding `sci`.
struct ExternalPlugin: Equatable, Sendable {
    /// The command word, without the `sci-` prefix.
    var name: String
    /// The executable's full path.
    var path: String

    static let prefix = "sci-"

    /// The first `sci-<name>` on `PATH` that is an executable file, as the shell would find it.
    static func find(_ name: String, searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) -> ExternalPlugin? {
        // A name with a slash would escape the PATH directories.
        guard !name.isEmpty, !name.contains("/") else { return nil }
        for directory in directories(searchPath) {
            let path = "\(directory)/\(prefix)\(name)"
            if isExecutableFile(path) { return ExternalPlugin(name: name, path: path) }
        }
        return nil
    }

    /// Every `sci-*` executable on `PATH`, sorted by name; a name found twice is the one earlier on `PATH`.
    static func all(searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) -> [ExternalPlugin] {
        var found: [String: ExternalPlugin] = [:]
        for directory in directories(searchPath) {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for entry in entries where entry.hasPrefix(prefix) && entry.count > prefix.count {
                let name = String(entry.dropFirst(prefix.count))
                let path = "\(directory)/\(entry)"
                if found[name] == nil, isExecutableFile(path) { found[name] = ExternalPlugin(name: name, path: path) }
            }
        }
        return found.values.sorted { $0.name < $1.name }
    }

    /// Replaces this process with the plugin, so it keeps the terminal, receives signals directly and its exit code
    /// becomes `sci`'s. Returns only when the exec failed, with the system's reason.
    func exec(arguments: [String]) -> String {
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        let reason = String(cString: strerror(errno))
        for pointer in argv { free(pointer) }
        return reason
    }

    private static func directories(_ searchPath: String?) -> [String] {
        // An empty PATH entry means the current directory, as in the shell.
        (searchPath ?? "").split(separator: ":", omittingEmptySubsequences: false).map { $0.isEmpty ? "." : String($0) }
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }
}
