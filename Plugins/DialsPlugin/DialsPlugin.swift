public import ArgumentParser
public import SciCLI

/// The DIALS plugin: `sci dials ...`, the CMS DQM DIALS API (histograms, runs, lumisections, ML flags).
public enum DialsPlugin: SciPlugin {
    /// `dials`.
    public static let name = "dials"
    /// The command group.
    public static let command: any ParsableCommand.Type = DialsCommand.self
}
