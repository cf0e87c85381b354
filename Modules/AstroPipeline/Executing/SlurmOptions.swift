/// The `executor:` section of a pipeline file for Slurm: what every step's job asks for.
public struct SlurmOptions: Sendable, Equatable, Codable {
    /// `--partition`.
    public var partition: String?
    /// `--account`.
    public var account: String?
    /// `--time`, in Slurm's forms (`30`, `1:00:00`, `1-0`).
    public var time: String?
    /// `--mem`, in Slurm's forms (`2G`, `500M`).
    public var memory: String?
    /// `--cpus-per-task` of every step.
    public var cpusPerStep: Int?
    /// More `sbatch` options, each written as on the command line (`--qos=short`).
    public var extraOptions: [String]

    /// Options; nil leaves the cluster's default.
    public init(partition: String? = nil, account: String? = nil, time: String? = nil, memory: String? = nil,
                cpusPerStep: Int? = nil, extraOptions: [String] = []) {
        self.partition = partition
        self.account = account
        self.time = time
        self.memory = memory
        self.cpusPerStep = cpusPerStep
        self.extraOptions = extraOptions
    }

    /// The `sbatch` options these settings give, in a fixed order.
    public var sbatchOptions: [String] {
        var options: [String] = []
        if let partition { options.append("--partition=\(partition)") }
        if let account { options.append("--account=\(account)") }
        if let time { options.append("--time=\(time)") }
        if let memory { options.append("--mem=\(memory)") }
        if let cpusPerStep { options.append("--cpus-per-task=\(cpusPerStep)") }
        return options + extraOptions
    }
}

/// Which executor a pipeline runs its steps with, from the pipeline file's `executor:` section or `--executor`.
public struct ExecutorSettings: Sendable, Equatable {
    /// How the steps run.
    public enum Kind: String, Sendable, CaseIterable {
        /// Child processes of sci, up to `--jobs` at once.
        case local
        /// Slurm jobs: independent steps as job arrays, dependencies as `afterok`.
        case slurm
    }
    /// The executor.
    public var kind: Kind
    /// The Slurm settings, used when `kind` is `.slurm`.
    public var slurm: SlurmOptions

    /// Settings; local by default.
    public init(kind: Kind = .local, slurm: SlurmOptions = SlurmOptions()) {
        self.kind = kind
        self.slurm = slurm
    }
}
