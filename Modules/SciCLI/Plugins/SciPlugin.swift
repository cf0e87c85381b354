public import ArgumentParser

/// A built-in plugin: the command group of `sci <name> ...`, wired in by listing it in `sci/main.swift`.
///
/// A plugin target declares exactly one caseless enum conforming to this protocol, its manifest:
///
/// ```swift
/// public enum DialsPlugin: SciPlugin {
///     public static let name = "dials"
///     public static let command: any ParsableCommand.Type = DialsCommand.self
/// }
/// ```
///
/// Each of the plugin's commands takes `@OptionGroup var globals: GlobalOptions` and says so by conforming to
/// `GlobalOptionsCommand`. A plugin may instead add one command to another plugin's group (`extends`), the way the
/// SPHEREx POC added `butler ingest-simulated`.
public protocol SciPlugin: SendableMetatype {
    /// The word after `sci` that runs this plugin; it must match the command's name.
    static var name: String { get }
    /// The plugin's root command, usually a group of subcommands.
    static var command: any ParsableCommand.Type { get }
    /// One line saying what the plugin is for, shown by `sci plugins`.
    static var abstract: String { get }
    /// The plugin whose group this one's command joins (`butler` makes it `sci butler <name>`); nil for a plugin of
    /// its own, `sci <name>`.
    static var extends: String? { get }
}

extension SciPlugin {
    /// The command's own abstract, so it is written once.
    public static var abstract: String { command.configuration.abstract }

    /// The plugin's commands that run something yet do not declare `GlobalOptionsCommand` (so `-v` would not reach
    /// them), by type name; a plugin's tests expect none.
    public static var commandsWithoutGlobalOptions: [String] {
        func leaves(_ command: any ParsableCommand.Type) -> [String] {
            let subcommands = command.configuration.subcommands
            guard subcommands.isEmpty else { return subcommands.flatMap(leaves) }
            return command is any GlobalOptionsCommand.Type ? [] : [String(reflecting: command)]
        }
        return leaves(self.command)
    }

    /// A plugin of its own by default.
    public static var extends: String? { nil }

    /// The commands of the plugins that extend this one, for its group's `subcommands`; the group's `configuration`
    /// must be computed, since plugins are registered when `sci` starts.
    public static var extensionCommands: [any ParsableCommand.Type] {
        PluginRegistry.plugins.filter { $0.extends == name }.map { $0.command }
    }
}
