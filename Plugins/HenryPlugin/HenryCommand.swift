import ArgumentParser

/// `sci henry`: the command group.
struct HenryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "henry",
        abstract: "Work with HIPPO data-product registries.",
        discussion: """
            Examples:
              sci henry serve --root ~/hippo
              sci henry serve keys add alice
            """,
        subcommands: [Serve.self])
}
