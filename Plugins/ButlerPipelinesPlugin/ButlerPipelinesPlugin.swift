public import ArgumentParser
public import SciCLI

/// `sci butler qgraph`: a plugin extending `butler`, over the ButlerPipelines library.
public enum QuantumGraphPlugin: SciPlugin {
    /// `qgraph`.
    public static let name = "qgraph"
    /// The command.
    public static let command: any ParsableCommand.Type = QuantumGraphCommand.self
    /// `butler`.
    public static let extends: String? = "butler"
}

/// `sci butler run`: a plugin extending `butler`, over the ButlerPipelines library.
public enum RunPipelinePlugin: SciPlugin {
    /// `run`.
    public static let name = "run"
    /// The command.
    public static let command: any ParsableCommand.Type = RunPipelineCommand.self
    /// `butler`.
    public static let extends: String? = "butler"
}

/// `sci butler run-quantum`: one quantum inside a batch job, for `sci butler run --executor slurm`.
public enum RunQuantumPlugin: SciPlugin {
    /// `run-quantum`.
    public static let name = "run-quantum"
    /// The command.
    public static let command: any ParsableCommand.Type = RunQuantumCommand.self
    /// `butler`.
    public static let extends: String? = "butler"
}
