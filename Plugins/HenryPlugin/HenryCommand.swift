import ArgumentParser

/// `sci henry`: the command group.
struct HenryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "henry",
        abstract: "Work with HIPPO data-product registries.",
        discussion: """
            Talks to any HIPPO-compatible server (default: `sci henry serve` on http://127.0.0.1:44776), configured as
            HIPPO's Python client is (~/.hippo.conf, HIPPO_HOST, HIPPO_API_KEY) or with [henry] in sci's config.

            Examples:
              sci henry serve --auth none
              sci henry new beam.json --name "Daynight Beam" --description "The DR6 beam" --type beam \\
                  --source data=beam.tar.gz --describe data=Beam
              sci henry push beam.json
              sci henry pull 6851dbddc9eb53e084db2234
              sci henry revise 6851dbddc9eb53e084db2234 --patch --source data=beam2.tar.gz
            """,
        subcommands: [
            New.self, NewCollection.self, PreflightCommand.self, Push.self, Pull.self, Revise.self, Diff.self,
            ProductCommand.self, CollectionCommand.self, CacheCommand.self, Serve.self,
        ])
}
