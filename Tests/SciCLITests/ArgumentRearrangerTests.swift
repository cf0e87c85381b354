import ArgumentParser
import Testing

@testable import SciCLI

/// A small tree with a nested group and an alias, to walk subcommand paths deeper than `sci`'s own.
private struct Root: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "root", subcommands: [Group.self])

    struct Group: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "group", subcommands: [Leaf.self])
    }

    struct Leaf: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "leaf", aliases: ["ls"])
        @OptionGroup var globals: GlobalOptions
        @Argument var names: [String] = []
    }
}

@Suite struct ArgumentRearrangerTests {
    @Test(arguments: [
        (["--format", "json", "plugins"], ["plugins", "--format", "json"]),
        (["--format=csv", "plugins"], ["plugins", "--format=csv"]),
        (["-v", "--config", "/x.toml", "plugins", "--format", "csv"], ["plugins", "-v", "--config", "/x.toml", "--format", "csv"]),
        (["-vv", "-q", "version"], ["version", "-vv", "-q"]),
        (["--quiet", "--verbose", "completion", "zsh"], ["completion", "--quiet", "--verbose", "zsh"]),
    ])
    func movesLeadingGlobalOptionsAfterTheSubcommand(arguments: [String], expected: [String]) {
        #expect(ArgumentRearranger.rearranged(arguments, root: SciCommand.self) == expected)
    }

    @Test(arguments: [
        ["plugins", "--format", "json"],  // already after
        ["--format", "json"],  // no subcommand: the parser reports it
        ["--format"],  // missing value
        ["--format", "json", "nope"],  // not a built-in: left for the external lookup
        ["--help", "plugins"],  // not a global option
        ["-x", "plugins"],
        ["--", "-v", "plugins"],
        [],
    ])
    func leavesOtherArgumentsAlone(arguments: [String]) {
        #expect(ArgumentRearranger.rearranged(arguments, root: SciCommand.self) == arguments)
    }

    @Test func walksNestedSubcommandsAndAliases() throws {
        let moved = ArgumentRearranger.rearranged(["-v", "--format", "csv", "group", "ls", "a", "b"], root: Root.self)
        #expect(moved == ["group", "ls", "-v", "--format", "csv", "a", "b"])
        let leaf = try #require(try Root.parseAsRoot(moved) as? Root.Leaf)
        #expect(leaf.globals.verbose == 1)
        #expect(leaf.globals.format == .csv)
        #expect(leaf.names == ["a", "b"])
    }

    @Test func countsLeadingGlobalOptionsWithTheirValues() {
        #expect(ArgumentRearranger.leadingGlobalOptionCount(["--config", "c.toml", "-qv", "hello", "-v"]) == 3)
        #expect(ArgumentRearranger.leadingGlobalOptionCount(["hello", "-v"]) == 0)
        #expect(ArgumentRearranger.leadingGlobalOptionCount(["--format"]) == 0)
    }
}
