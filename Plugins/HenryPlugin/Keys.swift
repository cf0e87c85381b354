import ArgumentParser
import HippoServer
import SciCLI
import SciCore

/// `sci henry serve keys`: API keys of the registry.
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage the registry's API keys.",
        discussion: """
            Examples:
              sci henry serve keys add alice
              sci henry serve keys add robot --read-only
              sci henry serve keys list
              sci henry serve keys revoke alice
            """,
        subcommands: [Add.self, List.self, Revoke.self])
}

extension Keys {
    /// `keys add NAME`: prints a new key once; only its hash is kept.
    struct Add: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Make an API key for a user and print it (it cannot be shown again).",
            discussion: "Example:\n  sci henry serve keys add alice --admin")

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var registry: RegistryOptions
        @Argument(help: "The user the key acts as (also the user's group in readers and writers lists).")
        var name: String
        @Flag(help: "Only read, never write.") var readOnly = false
        @Flag(help: "Every scope, on every product, including pinning.") var admin = false

        func validate() throws {
            if readOnly && admin { throw ValidationError("--read-only and --admin exclude each other") }
        }

        func run() throws {
            let scopes: Set<Scope> = admin ? [.read, .write, .admin] : readOnly ? [.read] : [.read, .write]
            let key = try registry.keys().add(name: name, scopes: scopes)
            print(key.reveal())
        }
    }

    /// `keys list`: names, scopes and dates, never keys.
    struct List: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the API keys (names and scopes only).", discussion: "Example:\n  sci henry serve keys list --format json")

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var registry: RegistryOptions

        func run() throws {
            let writer = try globals.makeWriter(columns: ["name", "scopes", "created"])
            for entry in try registry.keys().list() {
                writer.write([
                    "name": .string(entry.name), "scopes": .string(entry.scopes.map(\.rawValue).joined(separator: ",")),
                    "created": .string(entry.created),
                ])
            }
            writer.finish()
        }
    }

    /// `keys revoke NAME`.
    struct Revoke: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Delete a user's API key.", discussion: "Example:\n  sci henry serve keys revoke alice")

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var registry: RegistryOptions
        @Argument(help: "The key's name.") var name: String

        func run() throws {
            guard try registry.keys().revoke(name: name) else {
                throw SciError("there is no key named \(name)", hint: "see sci henry serve keys list")
            }
        }
    }
}
