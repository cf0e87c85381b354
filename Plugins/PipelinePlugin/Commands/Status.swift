import AstroPipeline
import ArgumentParser
import SciCLI
import SciBatch
import SciCore

extension PipelineCommand {
    /// `sci pipeline status`.
    struct Status: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show each step's status, time, outputs, warnings and key figures.",
            discussion: """
                Reads the state saved in the pipeline's log folder; steps never run show as pending. Steps sent to
                Slurm show their job id, and queued or running while Slurm says so (scontrol show job).
                Example:
                  sci pipeline status pipeline.yaml
                  sci pipeline status pipeline.yaml --format json
                """)

        @OptionGroup var globals: GlobalOptions
        @Argument(help: "The pipeline's YAML file.") var file: String

        func run() async throws {
            let pipeline = try PipelineFile.load(file, checkPaths: false)
            let jobs = pipeline.slurmFolder.map(SlurmExecutor.savedJobs(in:)) ?? [:]
            let table = jobs.isEmpty ? nil : await SlurmExecutor.jobTable()
            var columns = ["step", "status", "seconds", "outputs", "warnings", "message", "counts"]
            if !jobs.isEmpty { columns.insert("job", at: 2) }
            let writer = try globals.makeWriter(columns: columns)
            for step in pipeline.steps {
                let job = jobs[step.name]
                var live: String?
                if let job { live = table?.entry(for: job)?.progress }
                let jobField: [String: JSONValue] = jobs.isEmpty ? [:] : ["job": job.map { .string($0) } ?? .null]
                guard let result = pipeline.results[step.name], live == nil else {
                    writer.write(jobField.merging(["step": .string(step.name), "status": .string(live ?? "pending"), "seconds": .null, "outputs": [],
                                  "warnings": [], "message": .null, "counts": [:]]) { first, _ in first })
                    continue
                }
                writer.write(jobField.merging([
                    "step": .string(step.name), "status": .string(result.status.rawValue),
                    "seconds": .double((result.elapsed * 1000).rounded() / 1000),
                    "outputs": .array(result.outputs.map { .string($0) }),
                    "warnings": .array(result.warnings.map { .string($0) }),
                    "message": result.message.map { .string($0) } ?? .null, "counts": .object(result.counts),
                ]) { first, _ in first })
            }
            writer.finish()
        }
    }
}
