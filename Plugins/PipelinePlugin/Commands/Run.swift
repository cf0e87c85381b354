import AstroPipeline
import ArgumentParser
import Foundation
import SciCLI
import SciCore

extension PipelineCommand {
    /// `sci pipeline run`.
    struct Run: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a pipeline's steps, skipping those already up to date.",
            discussion: """
                Steps whose inputs, command and program version are unchanged since their last success are skipped
                (xxh64 of the contents, not timestamps); --force runs them anyway. --skip-tags wins over --tags.
                Ctrl-C, SIGTERM or SIGHUP stop the running programs and record their steps as interrupted
                (--resume runs them again); a second run of the same pipeline waits for none: it says who holds
                the lock. With --ignore-errors the run goes on after a failed step but still exits 1, unless
                every failed step allows it itself (ignore_errors: true).
                Example:
                  sci pipeline run pipeline.yaml --tags step1,step2 --jobs 2
                  sci pipeline run pipeline.yaml --resume
                  sci pipeline run pipeline.yaml --from 3
                """)

        @OptionGroup var globals: GlobalOptions
        @Argument(help: "The pipeline's YAML file.") var file: String
        @Option(help: "Run only steps with one of these tags (comma-separated).") var tags: String?
        @Option(help: "Skip steps with one of these tags (comma-separated).") var skipTags: String?
        @Flag(help: "Continue the last run at the step that failed or was interrupted.") var resume = false
        @Option(name: .customLong("from"), help: "Start at this position of the run list (0-based).") var start: Int?
        @Option(help: "Steps to run at once where their files allow.") var jobs = 1
        @Flag(help: "Run steps even when they are up to date.") var force = false
        @Flag(help: "Continue after a step fails.") var ignoreErrors = false

        func validate() throws {
            if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
            if let start, start < 0 { throw ValidationError("--from must be 0 or more") }
        }

        func run() async throws {
            let pipeline = try PipelineFile.load(file)
            let quiet = globals.quiet
            // Caught for the whole run: the programs are stopped and their steps recorded before sci exits.
            let catcher = SignalCatcher([SIGINT, SIGTERM, SIGHUP]) { [interruption = pipeline.interruption] signal in
                interruption.interrupt(signal)
            }
            defer { catcher.stop() }
            let report = try await pipeline.run(
                runTags: Self.list(tags), ignoreTags: Self.list(skipTags), resume: resume, startIndex: start,
                ignoreErrors: ignoreErrors ? true : nil, jobs: jobs, force: force
            ) { name, result in
                guard !quiet else { return }
                FileHandle.standardError.write(Data((StepLine.text(name, result) + "\n").utf8))
            }
            let failed = report.failed
            if !quiet {
                let failures = failed.isEmpty ? "" : " (\(failed.count) failed)"
                FileHandle.standardError.write(Data("\(report.ran.count) ran\(failures), \(report.upToDate.count) up to date\n".utf8))
            }
            let notAllowed = report.failedNotAllowed
            if !notAllowed.isEmpty {
                throw SciError("\(notAllowed.count) step\(notAllowed.count == 1 ? "" : "s") failed: \(notAllowed.joined(separator: ", "))",
                               hint: "see sci pipeline log \(file) \(notAllowed[0]); fix, then run again (finished steps are skipped)")
            }
        }

        static func list(_ text: String?) -> [String] {
            (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }
}
