import ArgumentParser
import Henry
import SciCLI
import SciCore

/// `sci henry cache`: the local copies of source files.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "List, verify and clear the local cache of source files (shared with hippoclient's layout).",
        discussion: """
            Examples:
              sci henry cache ls
              sci henry cache verify
              sci henry cache clear 84c9cc2d-f284-4e8b-b61c-c1b8e2c47083
            """,
        subcommands: [List.self, Verify.self, Clear.self])

    struct List: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List cached files.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions

        func run() throws {
            let writer = try globals.makeWriter(columns: ["uuid", "size", "checksum", "path"])
            for entry in try client.henry(globals).cache.entries() {
                writer.write(["uuid": .string(entry.uuid), "size": .int(entry.size), "checksum": .string(entry.checksum), "path": .string(entry.path)])
            }
            writer.finish()
        }
    }

    struct Verify: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Re-hash every cached file; drop the corrupt ones so they are fetched again.",
            discussion: """
                A corrupt or missing file is removed from the cache, which repairs it: the next pull fetches it again. \
                So the exit status is 0 once every entry is verified or removed; the listing says which were removed \
                (status `removed`), one record per cached file with --format.

                Examples:
                  sci henry cache verify
                  sci henry cache verify --format json
                """)
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions

        func run() throws {
            let cache = try client.henry(globals).cache
            let all = try cache.entries()
            let bad = Set(try cache.verify(progress: globals.makeProgress()).map(\.uuid))
            if globals.format != nil {
                let writer = try globals.makeWriter(columns: ["status", "uuid", "size", "path"])
                for entry in all {
                    writer.write([
                        "status": .string(bad.contains(entry.uuid) ? "removed" : "ok"), "uuid": .string(entry.uuid),
                        "size": .int(entry.size), "checksum": .string(entry.checksum), "path": .string(entry.path),
                    ])
                }
                writer.finish()
                return
            }
            for entry in all where bad.contains(entry.uuid) { print("corrupt, removed: \(entry.path)") }
            print("\(all.count - bad.count) of \(all.count) cached files verified\(bad.isEmpty ? "" : "; \(bad.count) removed, to be fetched again")")
        }
    }

    struct Clear: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(commandName: "clear", abstract: "Remove the files with the given uuids, or every file.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions
        @Argument(help: "File uuids; none clears the whole cache.") var uuids: [String] = []

        func run() throws {
            let removed = try client.henry(globals).cache.clear(uuids: uuids.isEmpty ? nil : Set(uuids))
            print("removed \(removed) file\(removed == 1 ? "" : "s") from the cache")
        }
    }
}
