public import ArgumentParser
public import SciCLI

/// The butler plugin: `sci butler ...`, a dataset registry and file datastore after the Rubin/LSST butler.
public enum ButlerPlugin: SciPlugin {
    /// `butler`.
    public static let name = "butler"
    /// The command group.
    public static let command: any ParsableCommand.Type = ButlerCommand.self
}
