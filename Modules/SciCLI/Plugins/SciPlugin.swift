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
/// Each of the plugin's commands takes `@OptionGroup var globals: GlobalOptions`.
public protocol SciPlugin: SendableMetatype {
    /// The word after `sci` that runs this plugin; it must match the command's name.
    static var name: String { get }
    /// The plugin's root command, usually a group of subcommands.
    static var command: any ParsableCommand.Type { get }
    /// One line saying what the plugin is for, shown by `sci plugins`.
    static var abstract: String { get }
}

extension SciPlugin {
    /// The command's own abstract, so it is written once.
    public static var abstract: String { command.configuration.abstract }
}
