import Foundation

/// Where each program's binary is: explicit overrides (the wrapper's `build_paths`), else the first known name on PATH.
public struct BuildPaths: Sendable, Hashable {
    /// The binaries the user named, by tool.
    public var overrides: [Tool: String]
    /// The search path used when a tool has no override.
    public var searchPath: [String]

    /// Overrides by tool; the search path defaults to the process's PATH.
    public init(_ overrides: [Tool: String] = [:], searchPath: [String]? = nil) {
        self.overrides = overrides
        self.searchPath = searchPath
            ?? (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
    }

    /// The executable for `tool`, or a `PipelineError.toolNotFound` naming everything that was tried.
    public func executable(for tool: Tool) throws(PipelineError) -> String {
        let manager = FileManager.default
        if let override = overrides[tool] {
            if override.contains("/") {
                if manager.isExecutableFile(atPath: override) { return override }
                throw .toolNotFound(tool, tried: [override])
            }
            if let found = find(override) { return found }
            throw .toolNotFound(tool, tried: [override])
        }
        for name in tool.binaryNames {
            if let found = find(name) { return found }
        }
        throw .toolNotFound(tool, tried: tool.binaryNames)
    }

    private func find(_ name: String) -> String? {
        for folder in searchPath where !folder.isEmpty {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
