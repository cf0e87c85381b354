import Foundation

/// A program's own default configuration (`-dd`) or SExtractor's parameter list (`-dp`), as users start from.
public enum AstromaticDefaults {
    /// The text the program prints.
    public static func text(of tool: Tool, parameters: Bool = false, buildPaths: BuildPaths = BuildPaths()) async throws -> String {
        let executable = try buildPaths.executable(for: tool)
        let outcome = try await ProgramRun.run(executable, [parameters ? "-dp" : "-dd"], in: FileManager.default.currentDirectoryPath)
        guard outcome.exitCode == 0 else {
            throw PipelineError.invalidPipeline("\(tool) -dd failed: \(outcome.standardError.split(separator: "\n").last ?? "exited \(outcome.exitCode)")")
        }
        return outcome.standardOutput
    }
}
