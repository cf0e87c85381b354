import ArgumentParser
import SciBatch

/// `sci butler run`'s flags for Slurm, over the pipeline file's `executor:` section.
struct SlurmFlags: ParsableArguments {
    @Option(help: "Where quanta run: local (threads of this process) or slurm (default: the file's executor: type, else local).")
    var executor: String?
    @Flag(help: "With --executor slurm: print the sbatch scripts instead of submitting them; nothing is written.") var dryRun = false
    @Option(help: "Slurm: the partition (sbatch --partition).") var partition: String?
    @Option(help: "Slurm: the account (sbatch --account).") var account: String?
    @Option(help: "Slurm: each quantum's time limit (sbatch --time, e.g. 30 or 1:00:00).") var time: String?
    @Option(help: "Slurm: each quantum's memory (sbatch --mem, e.g. 2G).") var memory: String?
    @Option(help: "Slurm: CPUs per quantum (sbatch --cpus-per-task).") var cpusPerQuantum: Int?
    @Option(name: .customLong("sbatch-option"), help: "Slurm: one more sbatch option as on its command line (repeatable), e.g. --qos=short.")
    var sbatchOptions: [String] = []

    func validate() throws {
        if let executor, ExecutorSettings.Kind(rawValue: executor) == nil {
            throw ValidationError("--executor must be local or slurm, not \(executor)")
        }
        _ = try applied(to: ExecutorSettings())
    }

    /// The file's settings with these flags on top, checked as the file's are.
    func applied(to file: ExecutorSettings) throws -> ExecutorSettings {
        var settings = file
        do throws(ExecutorSettings.Problem) {
            if let executor { try settings.setType(executor) }
            for (key, value) in [("partition", partition), ("account", account), ("time", time), ("memory", memory)] {
                if let value { try settings.setText(key, value) }
            }
            if let cpusPerQuantum { try settings.setCPUs(Double(cpusPerQuantum), key: "--cpus-per-quantum") }
            if !sbatchOptions.isEmpty { try settings.setSbatchOptions(sbatchOptions) }
        } catch {
            throw ValidationError("\(error.message.replacingOccurrences(of: "executor: ", with: "")) (\(error.hint))")
        }
        return settings
    }
}
