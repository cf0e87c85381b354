/// The `executor:` section of a pipeline file for Slurm: what every step's (or quantum's) job asks for.
public struct SlurmOptions: Sendable, Hashable, Codable {
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
