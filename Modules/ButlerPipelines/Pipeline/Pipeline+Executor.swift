import SciBatch
import Yams

extension Pipeline {
    /// The keys of sci's `executor:` section in a butler pipeline file.
    static let executorKeys = ["type"] + ExecutorSettings.textKeys + ["cpus_per_quantum", "sbatch_options"]

    /// Reads the `executor:` section: `type` (local or slurm) and what each quantum's Slurm job asks for, checked as
    /// `sci pipeline run` checks its own.
    static func executorSettings(_ node: Node, source: String) throws -> ExecutorSettings {
        guard let mapping = node.mapping else {
            throw PipelineError.invalidPipeline("\(source): executor must map keys to values", hint: "write e.g. executor: {type: slurm, partition: debug}")
        }
        var settings = ExecutorSettings()
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? "?"
            do throws(ExecutorSettings.Problem) {
                switch key {
                case "type": try settings.setType(value.string ?? "")
                case _ where ExecutorSettings.textKeys.contains(key): try settings.setText(key, value.scalar?.string ?? "")
                case "cpus_per_quantum":
                    try settings.setCPUs(value.scalar.flatMap { Double($0.string) } ?? 0, key: key)
                case "sbatch_options":
                    let options = value.sequence.map { $0.map { $0.scalar?.string ?? "" } } ?? [value.scalar?.string ?? ""]
                    try settings.setSbatchOptions(options)
                default:
                    throw ExecutorSettings.Problem(
                        message: "executor: unknown key \(key)", hint: "write one of \(executorKeys.joined(separator: ", "))")
                }
            } catch {
                throw PipelineError.invalidPipeline("\(source): \(error.message)", hint: error.hint)
            }
        }
        return settings
    }
}
