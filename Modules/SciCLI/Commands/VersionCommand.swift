import ArgumentParser
import SciCore

/// `sci version`: kept free of configuration, logging and PATH scans so it starts as fast as the binary can.
struct VersionCommand: ParsableCommand, GlobalOptionsCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version of sci.",
        discussion: """
            Prints `sci VERSION`; with an explicit --format, a record with a `version` field.

            Examples:
              sci version
              sci version --format json
            """)

    /// What `sci version` and `sci --version` print.
    static let text = "sci \(SciVersion.current)"

    @OptionGroup var globals: GlobalOptions

    func run() throws {
        // Plain text unless a format is asked for: `sci version` in a script or pipe is read by people too.
        guard let format = globals.format else {
            print(Self.text)
            return
        }
        let writer = RecordWriter(format: format, columns: ["version"])
        writer.write(["version": .string(SciVersion.current)])
        writer.finish()
    }
}
