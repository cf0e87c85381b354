import ArgumentParser

/// `sci completion SHELL`: the shell completion script, generated from the same command tree that parses.
struct CompletionCommand: ParsableCommand, GlobalOptionsCommand {
    static let configuration = CommandConfiguration(
        commandName: "completion",
        abstract: "Print the shell completion script for bash, zsh or fish.",
        discussion: """
            Examples:
              sci completion bash > ~/.local/share/bash-completion/completions/sci
              sci completion zsh > "${fpath[1]}/_sci"
              sci completion fish > ~/.config/fish/completions/sci.fish
            """)

    /// The shells argument-parser writes scripts for.
    enum Shell: String, CaseIterable, ExpressibleByArgument {
        case bash, zsh, fish

        var completionShell: CompletionShell {
            switch self {
            case .bash: .bash
            case .zsh: .zsh
            case .fish: .fish
            }
        }
    }

    @Argument(help: "The shell: bash, zsh or fish.")
    var shell: Shell

    @OptionGroup var globals: GlobalOptions

    func run() throws {
        print(SciCommand.completionScript(for: shell.completionShell))
    }
}
