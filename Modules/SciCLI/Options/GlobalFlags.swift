public import ArgumentParser

/// Every global option but `--format` (`--quiet`, `--verbose`, `--config`), for a command whose own `--format` names
/// something else, such as a file format (`sci tiled get --format npy`): include them with
/// `@OptionGroup var globals: GlobalFlags`, and `SciMain` treats them as it treats `GlobalOptions`.
public struct GlobalFlags: ParsableArguments, Sendable {
    /// No progress bars, and only errors are logged.
    @Flag(name: .shortAndLong, help: "Show no progress and log only errors.")
    public var quiet = false

    /// How many times `-v` was given: 1 logs info, 2 debug, 3 trace; errors then also show their cause.
    @Flag(name: .shortAndLong, help: "Log more (-v info, -vv debug, -vvv trace) and show the cause of errors.")
    public var verbose: Int

    /// The configuration file given with `--config`; nil means the default path.
    @Option(
        help: ArgumentHelp("The TOML configuration file (default: $XDG_CONFIG_HOME/sci/config.toml).", valueName: "path"),
        completion: .file(extensions: ["toml"]))
    public var config: String?

    /// Required by `ParsableArguments`.
    public init() {}

    public func validate() throws {
        if quiet, verbose > 0 { throw ValidationError("--quiet and --verbose cannot be used together.") }
    }

    /// The same choices as `GlobalOptions`, whose methods (`loadConfig()`, `logger(label:)`, `makeProgress()`, ...)
    /// then apply; its format is the automatic one.
    public var options: GlobalOptions {
        // Parsing no arguments cannot fail: every option has a default.
        var options = (try? GlobalOptions.parse([])) ?? GlobalOptions()
        options.flags = self
        return options
    }
}
