import ArgumentParser

/// `sci tiled`: the command group.
struct TiledCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiled",
        abstract: "Browse, search and read data on a Tiled server.",
        discussion: """
            The server is --url or $TILED_URL; the API key comes from --api-key-file, $TILED_API_KEY or the 0600 file
            $XDG_CONFIG_HOME/sci/tiled/api-key (never from the command line, where other users could see it).

            Examples:
              export TILED_URL=http://127.0.0.1:8000 TILED_API_KEY=secret
              sci tiled info
              sci tiled ls run1
              sci tiled search / 'plan_name == "scan"' 'scan_id >= 2' --sort=-start.scan_id
              sci tiled runs / --since 2023-11-14T22:00:00Z --plan scan
              sci tiled get arr2d --slice 0:2,::2 --format csv
            """,
        subcommands: [Info.self, List.self, Tree.self, Meta.self, Search.self, Runs.self, Get.self, Export.self, Put.self])
}
