import ArgumentParser

/// Lets users write global options before the subcommand (`sci --format json plugins`). ArgumentParser only accepts
/// a command's options after its name, so those leading options, with their values, are moved to after the
/// subcommand path (`sci plugins --format json`) before parsing.
enum ArgumentRearranger {
    /// How many leading arguments are global options or their values.
    static func leadingGlobalOptionCount(_ arguments: [String]) -> Int {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if GlobalOptions.optionsWithValue.contains(argument) {
                // Without its value this is a usage error; leave it where it is for the parser to report.
                guard index + 1 < arguments.count else { break }
                index += 2
            } else if GlobalOptions.optionsWithValue.contains(where: { argument.hasPrefix($0 + "=") })
                || GlobalOptions.flagNames.contains(argument) || isShortFlagCluster(argument)
            {
                index += 1
            } else {
                break
            }
        }
        return index
    }

    /// The arguments with leading global options moved after the subcommand path found in `root`'s tree; unchanged
    /// when there are none or no subcommand follows them.
    static func rearranged(_ arguments: [String], root: any ParsableCommand.Type) -> [String] {
        let globalCount = leadingGlobalOptionCount(arguments)
        guard globalCount > 0 else { return arguments }
        var command = root
        var end = globalCount
        while end < arguments.count, let next = subcommand(named: arguments[end], of: command) {
            command = next
            end += 1
        }
        guard end > globalCount else { return arguments }
        return Array(arguments[globalCount..<end]) + Array(arguments[..<globalCount]) + Array(arguments[end...])
    }

    /// The subcommand of `command` called `name` or having it as an alias.
    static func subcommand(named name: String, of command: any ParsableCommand.Type) -> (any ParsableCommand.Type)? {
        command.configuration.subcommands.first { commandName(of: $0) == name || $0.configuration.aliases.contains(name) }
    }

    /// The word that runs `command`: its configured name, or, as ArgumentParser derives it, its type name in
    /// lower case with hyphens between the words (`QueryDatasets` → `query-datasets`).
    static func commandName(of command: any ParsableCommand.Type) -> String {
        command.configuration.commandName ?? commandName(String(describing: command))
    }

    /// A type name as a command name: `QueryDatasets` → `query-datasets`, `HTTPServer` → `http-server`.
    static func commandName(_ typeName: String) -> String {
        var words: [String] = []
        var word = ""
        let characters = Array(typeName)
        for (index, character) in characters.enumerated() {
            // A capital starts a word unless it continues an acronym ("HTTPServer" → "http-server").
            let startsWord = character.isUppercase && index > 0
                && (!characters[index - 1].isUppercase || (index + 1 < characters.count && characters[index + 1].isLowercase))
            if startsWord, !word.isEmpty {
                words.append(word)
                word = ""
            }
            word.append(character)
        }
        if !word.isEmpty { words.append(word) }
        return words.map { $0.lowercased() }.joined(separator: "-")
    }

    /// `-q`, `-v`, `-vv`, `-qv`: short global flags, alone or combined.
    private static func isShortFlagCluster(_ argument: String) -> Bool {
        guard argument.count > 1, argument.first == "-", argument.dropFirst().first != "-" else { return false }
        return argument.dropFirst().allSatisfy(GlobalOptions.shortFlags.contains)
    }
}
