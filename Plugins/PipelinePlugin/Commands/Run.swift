import AstroPipeline
import ArgumentParser
import Foundation
import SciCLI
import SciBatch
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
                With --executor slurm (or executor: {type: slurm} in the file) the steps go to Slurm with sbatch:
                independent steps as one job array, later ones with --dependency=afterok; steps run in the
                pipeline's folder, which the nodes must share, and sci writes only into the pipeline's folders (the
                scripts, Slurm's logs and the job ids go to <log>/slurm). Interrupted or killed, sci leaves the jobs
                queued and --resume takes them over; a cancelled, failed, timed-out or preempted job is reported
                with Slurm's state, reason and log. --dry-run prints the sbatch scripts instead.
                  sci pipeline run pipeline.yaml --executor slurm --dry-run
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
        @Option(help: "Where steps run: local or slurm (default: the file's executor: type, else local).") var executor: String?
        @Flag(help: "With --executor slurm: print the sbatch scripts instead of submitting them; nothing is recorded.") var dryRun = false

        func validate() throws {
            if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
            if let start, start < 0 { throw ValidationError("--from must be 0 or more") }
            if let executor, ExecutorSettings.Kind(rawValue: executor) == nil {
                throw ValidationError("--executor must be local or slurm, not \(executor)")
            }
        }

        func run() async throws {
            let pipeline = try PipelineFile.load(file)
            let quiet = globals.quiet
            // Caught for the whole run: the programs are stopped and their steps recorded before sci exits.
            let catcher = SignalCatcher([SIGINT, SIGTERM, SIGHUP]) { [interruption = pipeline.interruption] signal in
                interruption.interrupt(signal)
            }
            defer { catcher.stop() }
            let kind = executor.flatMap(ExecutorSettings.Kind.init(rawValue:)) ?? pipeline.executorSettings.kind
            var batch: SlurmExecutor?
            if kind == .slurm {
                guard let folder = pipeline.slurmFolder else {
                    throw SciError("the Slurm executor needs the pipeline's log folder", hint: "add log: under paths:")
                }
                if !dryRun, SlurmExecutor.program("sbatch") == nil {
                    throw SciError("sbatch is not installed or not on PATH", hint: "run on a Slurm login node, or use --executor local")
                }
                batch = try SlurmExecutor(folder: folder, options: pipeline.executorSettings.slurm, jobName: "sci-\(pipeline.name)",
                                          dryRun: dryRun, isInterrupted: { [interruption = pipeline.interruption] in interruption.signal != nil }) { text in
                    FileHandle.standardOutput.write(Data(text.utf8))
                }
            } else if dryRun {
                throw SciError("--dry-run prints sbatch scripts, so it needs the Slurm executor", hint: "add --executor slurm")
            }
            let report = try await pipeline.run(
                runTags: Self.list(tags), ignoreTags: Self.list(skipTags), resume: resume, startIndex: start,
                ignoreErrors: ignoreErrors ? true : nil, jobs: jobs, force: force, executor: batch
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
