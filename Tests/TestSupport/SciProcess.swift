public import Foundation

/// Runs the built `sci` executable as users do, with its own environment and captured output.
public struct SciProcess {
    /// What a run printed and how it ended.
    public struct Result: Sendable {
        /// The exit status.
        public var status: Int32
        /// Standard output.
        public var stdout: String
        /// Standard error.
        public var stderr: String

        /// Standard error split into lines, without the empty last one.
        public var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

    /// `sci` from the same build products folder as this test runner (`swift test` builds every product first).
    public static func executable() throws -> String {
        let runner = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let candidate = URL(fileURLWithPath: runner).deletingLastPathComponent().appendingPathComponent("sci").path
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidate])
        }
        return candidate
    }

    /// Runs `sci arguments`; `pathFirst` goes in front of PATH; the configuration home is an empty folder so the
    /// user's own configuration never changes a result.
    public static func run(_ arguments: [String], pathFirst: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let scratch = try TemporaryDirectory()
        var variables = ProcessInfo.processInfo.environment
        variables["XDG_CONFIG_HOME"] = scratch.path
        if let pathFirst { variables["PATH"] = "\(pathFirst):\(variables["PATH"] ?? "/usr/bin:/bin")" }
        variables.merge(environment) { $1 }

        // Files rather than pipes: a long completion script cannot fill a pipe and stall the child.
        let outPath = try scratch.writeFile("stdout", "")
        let errPath = try scratch.writeFile("stderr", "")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable())
        process.arguments = arguments
        process.environment = variables
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: try String(contentsOfFile: outPath, encoding: .utf8),
            stderr: try String(contentsOfFile: errPath, encoding: .utf8))
    }

    /// Starts `sci arguments` without waiting, output discarded: for tests that run several at once or stop one.
    public static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable())
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
