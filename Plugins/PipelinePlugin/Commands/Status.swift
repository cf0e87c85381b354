import AstroPipeline
import ArgumentParser
import SciCLI
import SciCore

extension PipelineCommand {
    /// `sci pipeline status`.
    struct Status: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show each step's status, time, outputs, warnings and key figures.",
            discussion: """
                Reads the state saved in the pipeline's log folder; steps never run show as pending.
                Example:
                  sci pipeline status pipeline.yaml
                  sci pipeline status pipeline.yaml --format json
                """)

        @OptionGroup var globals: GlobalOptions
        @Argument(help: "The pipeline's YAML file.") var file: String

        func run() throws {
            let pipeline = try PipelineFile.load(file, checkPaths: false)
            let writer = try globals.makeWriter(columns: ["step", "status", "seconds", "outputs", "warnings", "message", "counts"])
            for step in pipeline.steps {
                guard let result = pipeline.results[step.name] else {
                    writer.write(["step": .string(step.name), "status": "pending", "seconds": .null, "outputs": [], "warnings": [],
                                  "message": .null, "counts": [:]])
                    continue
                }
                writer.write([
                    "step": .string(step.name), "status": .string(result.status.rawValue),
                    "seconds": .double((result.elapsed * 1000).rounded() / 1000),
                    "outputs": .array(result.outputs.map { .string($0) }),
                    "warnings": .array(result.warnings.map { .string($0) }),
                    "message": result.message.map { .string($0) } ?? .null, "counts": .object(result.counts),
                ])
            }
            writer.finish()
        }
    }
}
