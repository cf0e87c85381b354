public import ArgumentParser
public import Logging
public import SciCore
public import Foundation

/// The options every `sci` command takes: include them with `@OptionGroup var globals: GlobalOptions`.
public struct GlobalOptions: ParsableArguments, Sendable {
    /// How records are printed; nil means the configured or automatic choice (see `outputFormat(config:)`).
    @Option(help: ArgumentHelp(
        "How to print records (default: table on a terminal, json otherwise).",
        valueName: "format"))
    public var format: OutputFormat?

    /// `--quiet`, `--verbose` and `--config`, which commands with a `--format` of their own take alone.
    @OptionGroup public var flags: GlobalFlags

    /// No progress bars, and only errors are logged.
    public var quiet: Bool {
        get { flags.quiet }
        set { flags.quiet = newValue }
    }

    /// How many times `-v` was given: 1 logs info, 2 debug, 3 trace; errors then also show their cause.
    public var verbose: Int {
        get { flags.verbose }
        set { flags.verbose = newValue }
    }

    /// The configuration file given with `--config`; nil means the default path.
    public var config: String? {
        get { flags.config }
        set { flags.config = newValue }
    }

    /// Required by `ParsableArguments`; the values are only readable once parsed, so for defaults in tests use
    /// `GlobalOptions.parse([])`.
    public init() {}

    // Option names the argument rearranger moves from before a subcommand to after it. They must match the
    // declarations above; the unit tests parse every one of them through this type to keep the two in step.
    static let optionsWithValue: Set<String> = ["--format", "--config"]
    static let flagNames: Set<String> = ["--quiet", "--verbose"]
    static let shortFlags: Set<Character> = ["q", "v"]

    /// The configuration key that sets the default output format (`[output] format = "csv"`, or `SCI_OUTPUT_FORMAT`).
    public static let formatKey = "output.format"

    /// The layered configuration: `defaults` < the `--config` file (or the default one) < `SCI_*` variables.
    public func loadConfig(
        defaults: [String: JSONValue] = [:], environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Config {
        try Config.load(defaults: defaults, file: config, environment: environment)
    }

    /// The format to print in: `--format`, else `output.format` from `config`, else table on a terminal and JSON
    /// otherwise.
    public func outputFormat(config: Config? = nil) throws -> OutputFormat {
        if let format { return format }
        if let text = config?.string(Self.formatKey) {
            guard let configured = OutputFormat(rawValue: text.lowercased()) else {
                let origin = config?.layer(of: Self.formatKey).map { " (from the \($0))" } ?? ""
                throw SciError(
                    "\(Self.formatKey) is '\(text)'\(origin), which is not a format",
                    hint: "use one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))",
                    exitCode: SciError.usageExitCode)
            }
            return configured
        }
        return .automatic(isTerminal: isatty(STDOUT_FILENO) != 0)
    }

    /// A writer to standard output in the chosen format.
    public func makeWriter(columns: [String] = [], config: Config? = nil) throws -> RecordWriter {
        RecordWriter(format: try outputFormat(config: config), columns: columns)
    }

    /// A progress bar on standard error when it is a terminal and `--quiet` is off; a silent reporter otherwise.
    public func makeProgress() -> any ProgressReporter {
        TerminalProgress.make(quiet: quiet)
    }

    /// The log level these options ask for: warning by default, error with `-q`, then info, debug, trace per `-v`.
    public var logLevel: Logger.Level {
        if quiet { return .error }
        switch verbose {
        case 0: return .warning
        case 1: return .info
        case 2: return .debug
        default: return .trace
        }
    }

    /// Sends swift-log to standard error through the redacting handler at `logLevel`. `SciMain` does this before
    /// a command runs; calling it again does nothing, because swift-log can be bootstrapped only once per process.
    public func bootstrapLogging() {
        LoggingBootstrap.once(level: logLevel)
    }

    /// A logger for `label` (for example "sci.dials"), after making sure logging is bootstrapped.
    public func logger(label: String) -> Logger {
        bootstrapLogging()
        return Logger(label: label)
    }
}
