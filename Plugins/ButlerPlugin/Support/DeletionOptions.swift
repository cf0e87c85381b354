import ArgumentParser
import Foundation

/// The options of the commands that delete (`prune-datasets`, `remove-runs`): a dry run, and no question asked.
struct DeletionOptions: ParsableArguments {
    @Flag(help: "Print what would be deleted and delete nothing.")
    var dryRun = false

    @Flag(name: [.customLong("yes"), .customLong("no-confirm")], help: "Delete without asking, even on a terminal.")
    var yes = false

    /// Whether to go on deleting `what`: on a terminal the user is asked (the default is no) unless --yes; from a
    /// script, standard input not being a terminal, nobody could answer, so it goes on as daf_butler's --no-confirm.
    func confirmed(_ what: String) -> Bool {
        guard !yes, isatty(STDIN_FILENO) != 0, isatty(STDERR_FILENO) != 0 else { return true }
        FileHandle.standardError.write(Data("Delete \(what)? [y/N] ".utf8))
        guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return answer == "y" || answer == "yes"
    }

    /// Says on standard error that nothing was deleted, and why.
    func reportNothingDeleted(_ reason: String) {
        FileHandle.standardError.write(Data("nothing deleted: \(reason)\n".utf8))
    }
}
