import ArgumentParser
import Foundation
import SciCore

/// The entry point of `sci`: registers the built-in plugins, runs external `sci-*` plugins, parses, runs the command
/// and turns every failure into one `error:` line and an exit code (0 success, 1 failure, 2 usage error).
public enum SciMain {
    /// Runs `sci` with `arguments` (the process's own by default) and exits; `plugins` are the built-in plugins.
    public static func run(
        plugins: [any SciPlugin.Type], arguments: [String] = Array(CommandLine.arguments.dropFirst())
    ) async -> Never {
        // argument-parser reflects over the whole command tree, plugins included, before it runs anything; the
        // plain version request, which scripts call often, skips that and prints what VersionCommand would.
        if arguments == ["version"] || arguments == ["--version"] {
            print(VersionCommand.text)
            exit(EXIT_SUCCESS)
        }
        PluginRegistry.register(plugins)
        runExternalPluginIfAsked(arguments)

        let command: any ParsableCommand
        do {
            command = try await SciCommand.asyncParseAsRoot(
                ArgumentRearranger.rearranged(arguments, root: SciCommand.self))
        } catch {
            exitAsArgumentParser(error)
        }

        let globals = globalOptions(of: command)
        // `version` must start fast and needs no logging; every other command gets it before it runs, so that
        // libraries' log lines go to standard error at the level asked for, never to standard output.
        if !(command is VersionCommand) { LoggingBootstrap.once(level: globals?.logLevel ?? .warning) }

        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
        } catch let error where isArgumentParserCommand(command) || isArgumentParserError(error) {
            exitAsArgumentParser(error)
        } catch {
            let report = ErrorReport(error, verbose: (globals?.verbose ?? 0) > 0)
            FileHandle.standardError.write(Data(report.text.utf8))
            exit(report.exitCode)
        }
        exit(EXIT_SUCCESS)
    }

    /// When the first word after the leading global options is neither an option, `help`, nor a built-in command,
    /// runs `sci-<word>` from PATH in place of this process, or reports an unknown command.
    private static func runExternalPluginIfAsked(_ arguments: [String]) {
        let globalCount = ArgumentRearranger.leadingGlobalOptionCount(arguments)
        guard globalCount < arguments.count else { return }
        let word = arguments[globalCount]
        guard !word.hasPrefix("-"), word != "help", !SciCommand.hasSubcommand(named: word) else { return }

        guard let external = ExternalPlugin.find(word) else {
            fail("error: '\(word)' is not a sci command. See 'sci --help'.", exitCode: SciError.usageExitCode)
        }
        // Global options written before the name go to the plugin as if written after it, as for built-ins.
        let reason = external.exec(
            arguments: Array(arguments[..<globalCount]) + Array(arguments[(globalCount + 1)...]))
        fail("error: cannot run \(external.path): \(reason)", exitCode: 126)
    }

    /// The global options of a command that declares it takes them (`GlobalOptionsCommand`); nil for commands
    /// without them (such as a plugin's group showing its help).
    static func globalOptions(of command: any ParsableCommand) -> GlobalOptions? {
        (command as? any GlobalOptionsCommand)?.globals.options
    }

    /// Whether the parser returned one of its own commands (`sci help ...`, `--help`), whose errors are its own.
    private static func isArgumentParserCommand(_ command: any ParsableCommand) -> Bool {
        String(reflecting: type(of: command)).hasPrefix("ArgumentParser.")
    }

    /// The errors a command throws to ask argument-parser for a usage message, help or a quiet exit.
    private static func isArgumentParserError(_ error: any Error) -> Bool {
        error is CleanExit || error is ExitCode || error is ValidationError
    }

    /// argument-parser's own printing for help, version, clean exits and usage errors, with usage errors exiting
    /// with 2 as `sci`'s other usage errors do, rather than argument-parser's 64.
    private static func exitAsArgumentParser(_ error: any Error) -> Never {
        let code = SciCommand.exitCode(for: error)
        let text = SciCommand.fullMessage(for: error)
        if code == .success {
            print(text)
        } else if !text.isEmpty {
            FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
        }
        exit(code == .validationFailure ? SciError.usageExitCode : code.rawValue)
    }

    private static func fail(_ line: String, exitCode: Int32) -> Never {
        FileHandle.standardError.write(Data((line + "\n").utf8))
        exit(exitCode)
    }
}
