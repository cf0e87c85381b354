public import ArgumentParser
public import SciCLI

/// The `sci henry` plugin: HIPPO data products — the client commands and the embedded registry server.
public enum HenryPlugin: SciPlugin {
    public static let name = "henry"
    public static let command: any ParsableCommand.Type = HenryCommand.self
}
