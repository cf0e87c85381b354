/// Which executor a pipeline runs its steps or quanta with, from the pipeline file's `executor:` section or
/// `--executor`. `sci pipeline run` and `sci butler run` read the same section with the same checks (`set`), each
/// through its own YAML reader, so a value refused by one is refused by the other with the same words.
public struct ExecutorSettings: Sendable, Hashable {
    /// How the steps run.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Child processes (or threads) of sci.
        case local
        /// Slurm jobs: independent steps as job arrays, dependencies as `afterok`.
        case slurm
    }

    /// A value of an `executor:` section that cannot be used: what is wrong, and what to write instead.
    public struct Problem: Error, Sendable, Equatable {
        /// One line, naming the key.
        public var message: String
        /// What to write instead.
        public var hint: String

        /// A problem.
        public init(message: String, hint: String) {
            self.message = message
            self.hint = hint
        }
    }

    /// The keys of an `executor:` section whose values are one line of text.
    public static let textKeys = ["partition", "account", "time", "memory"]

    /// The executor.
    public var kind: Kind
    /// The Slurm settings, used when `kind` is `.slurm`.
    public var slurm: SlurmOptions

    /// Settings; local by default.
    public init(kind: Kind = .local, slurm: SlurmOptions = SlurmOptions()) {
        self.kind = kind
        self.slurm = slurm
    }

    /// Sets `type`.
    public mutating func setType(_ type: String) throws(Problem) {
        guard let kind = Kind(rawValue: type.lowercased()) else {
            throw Problem(message: "executor: unknown type \(type)", hint: "write local or slurm")
        }
        self.kind = kind
    }

    /// Sets one of `textKeys` (as `sbatch` takes it: `--partition`, `--account`, `--time`, `--mem`).
    public mutating func setText(_ key: String, _ value: String) throws(Problem) {
        guard !value.isEmpty, !value.contains(where: \.isNewline) else {
            throw Problem(message: "executor: \(key) must be one line of text", hint: "write it as sbatch takes it")
        }
        switch key {
        case "partition": slurm.partition = value
        case "account": slurm.account = value
        case "time": slurm.time = value
        case "memory": slurm.memory = value
        default: throw Problem(message: "executor: unknown key \(key)", hint: "write one of \(Self.textKeys.joined(separator: ", "))")
        }
    }

    /// Sets the CPUs each job asks for (`--cpus-per-task`) from the number written under `key` (`cpus_per_step`
    /// for pipeline steps, `cpus_per_quantum` for butler quanta).
    public mutating func setCPUs(_ number: Double, key: String) throws(Problem) {
        guard let cpus = Int(exactly: number), cpus >= 1, cpus <= 100_000 else {
            throw Problem(message: "executor: \(key) must be a whole number from 1 to 100000", hint: "write e.g. \(key): 2")
        }
        slurm.cpusPerStep = cpus
    }

    /// Sets the further `sbatch` options, each written as on sbatch's command line.
    public mutating func setSbatchOptions(_ options: [String]) throws(Problem) {
        if let bad = options.first(where: { !$0.hasPrefix("-") || $0.contains(where: \.isNewline) }) {
            throw Problem(message: "executor: sbatch option \(bad) is not one option", hint: "write each as on sbatch's command line, e.g. --qos=short")
        }
        slurm.extraOptions = options
    }
}
