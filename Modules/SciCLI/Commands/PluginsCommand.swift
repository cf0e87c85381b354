import ArgumentParser
import SciCore

/// `sci plugins`: what `sci NAME` can run here, built in or found on PATH.
struct PluginsCommand: ParsableCommand, GlobalOptionsCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the built-in plugins and the external sci-* commands on PATH.",
        discussion: """
            Built-in plugins come with this sci. Any executable named sci-NAME on PATH is an external plugin and \
            runs as `sci NAME ...`; a built-in of the same name wins.

            Examples:
              sci plugins
              sci plugins --format json
            """)

    @OptionGroup var globals: GlobalOptions

    func run() throws {
        // The configuration may set the output format (`[output] format = ...`), and a broken file should be
        // reported here, where users look when checking their set-up.
        let config = try globals.loadConfig()
        let writer = try globals.makeWriter(columns: ["name", "kind", "description", "path"], config: config)
        for plugin in PluginRegistry.plugins {
            let name = plugin.extends.map { "\($0) \(plugin.name)" } ?? plugin.name
            writer.write(["name": .string(name), "kind": "built-in", "description": .string(plugin.abstract),
                          "path": .null])
        }
        for external in ExternalPlugin.all() {
            let shadowed = SciCommand.hasSubcommand(named: external.name)
            writer.write([
                "name": .string(external.name), "kind": "external",
                "description": shadowed ? "not run: a built-in command has this name" : "",
                "path": .string(external.path),
            ])
        }
        writer.finish()
    }
}
