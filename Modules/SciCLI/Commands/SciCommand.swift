import ArgumentParser

/// `sci`: the root command; its subcommands are the built-in plugins plus `version`, `plugins` and `completion`.
struct SciCommand: AsyncParsableCommand {
    // Computed, not stored: the plugins are registered at run time, just before parsing.
    static var configuration: CommandConfiguration {
        let plugins = PluginRegistry.plugins.filter { $0.extends == nil }.map { $0.command }
        return CommandConfiguration(
            commandName: "sci",
            abstract: "Scientific data services from one command line.",
            discussion: """
                Each data service is a plugin: `sci NAME --help` shows its commands. An executable named sci-NAME \
                on PATH runs as `sci NAME ...`. Global options (--format, --quiet, --verbose, --config) may come \
                before or after the command.

                Examples:
                  sci plugins
                  sci --format json plugins
                  sci completion zsh > ~/.zfunc/_sci
                """,
            version: VersionCommand.text,
            subcommands: builtIns,
            groupedSubcommands: plugins.isEmpty ? [] : [CommandGroup(name: "Plugin", subcommands: plugins)])
    }

    /// The commands of `sci` itself, whatever plugins are built in.
    static let builtIns: [any ParsableCommand.Type] = [VersionCommand.self, PluginsCommand.self, CompletionCommand.self]

    /// Whether `name` is a built-in plugin or command of `sci` (or an alias of one).
    static func hasSubcommand(named name: String) -> Bool {
        ArgumentRearranger.subcommand(named: name, of: self) != nil
    }
}
