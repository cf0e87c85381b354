import AstroPipeline
import ArgumentParser
import Foundation
import SciCLI
import SciCore

extension PipelineCommand {
    /// `sci pipeline log`.
    struct Log: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "log",
            abstract: "Show a step's command line, report and standard error, or where the logs are.",
            discussion: """
                Example:
                  sci pipeline log pipeline.yaml          # the log folder and every step's report
                  sci pipeline log pipeline.yaml scamp    # one step: its command, XML report and stderr
                """)

        @OptionGroup var globals: GlobalOptions
        @Argument(help: "The pipeline's YAML file.") var file: String
        @Argument(help: "A step's name.") var step: String?

        func run() throws {
            let pipeline = try PipelineFile.load(file, checkPaths: false)
            guard let log = pipeline.paths.log else { throw SciError("\(file) has no log path", hint: "add log: under paths:") }
            let folder = log.hasPrefix("/") ? log : "\(pipeline.workingDirectory)/\(log)"
            guard let step else {
                print("log folder: \(folder)")
                for step in pipeline.steps {
                    let result = pipeline.results[step.name]
                    print("\(step.name)\t\(result?.status.rawValue ?? "pending")\t\(result?.report ?? "-")")
                }
                return
            }
            guard pipeline.step(step) != nil else {
                let names = pipeline.steps.map(\.name)
                let guess = names.min { a, b in a.commonPrefix(with: step).count > b.commonPrefix(with: step).count }
                throw SciError("\(file) has no step named \(step)",
                               hint: "steps: \(names.joined(separator: ", "))\(guess.map { $0.commonPrefix(with: step).isEmpty ? "" : "; did you mean \($0)?" } ?? "")",
                               exitCode: SciError.usageExitCode)
            }
            if let result = pipeline.results[step] {
                print("status: \(result.status.rawValue)")
                if let command = result.command { print("command: \(command.joined(separator: " "))") }
                if let report = result.report { print("report: \(report)") }
                if let version = result.version { print("version: \(version)") }
                if let message = result.message { print("message: \(message)") }
                for warning in result.warnings { print("warning: \(warning)") }
            } else {
                print("status: pending")
            }
            if let text = try? String(contentsOfFile: "\(folder)/\(step).stderr", encoding: .utf8), !text.isEmpty {
                print("--- stderr")
                print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
            }
        }
    }
}
