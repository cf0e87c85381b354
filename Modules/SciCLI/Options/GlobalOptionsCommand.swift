public import ArgumentParser

/// A command that takes the global options, `@OptionGroup var globals: GlobalOptions` (or `GlobalFlags`): declaring
/// the conformance is how `SciMain` finds its log level and verbosity before running it, without reflection.
public protocol GlobalOptionsCommand: ParsableCommand {
    /// The kind of global options the command takes.
    associatedtype Globals: GlobalChoices
    /// The command's global options, as parsed.
    var globals: Globals { get }
}

/// Global options in either form a command can take them.
public protocol GlobalChoices {
    /// The choices as `GlobalOptions`, whose methods (`loadConfig()`, `logger(label:)`, ...) then apply.
    var options: GlobalOptions { get }
}

extension GlobalOptions: GlobalChoices {
    /// The options themselves.
    public var options: GlobalOptions { self }
}

extension GlobalFlags: GlobalChoices {}
