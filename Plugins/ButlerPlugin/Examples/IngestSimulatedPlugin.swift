public import ArgumentParser
public import SciCLI

/// `sci butler ingest-simulated`, wired in as every command is: listed in `sci/main.swift`'s plugins, under `butler`.
public enum IngestSimulatedPlugin: SciPlugin {
    /// `ingest-simulated`.
    public static let name = "ingest-simulated"
    /// The command.
    public static let command: any ParsableCommand.Type = IngestSimulated.self
    /// `butler`: the command is a subcommand of `sci butler`.
    public static let extends: String? = ButlerPlugin.name
}
