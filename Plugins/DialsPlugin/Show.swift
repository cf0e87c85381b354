import ArgumentParser
import Dials
import Foundation
import SciCLI
import SciCore

extension DialsCommand {
    /// `sci dials show h1d --keys...`: a 1-D histogram as a bar chart in the terminal.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw a 1-D histogram of one lumisection as a bar chart.",
            discussion: "Example:\n  sci dials show h1d --dataset_id 14677060 --run_number 367112 --ls_number 10 --me_id 1")

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var dials: DialsOptions
        @Argument(help: "The endpoint; only h1d can be drawn.") var endpoint: String
        @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The keys, as --key value.", valueName: "--key value"))
        var keys: [String] = []
        @Option(help: "The width of the longest bar, in characters.") var width = 50

        func validate() throws {
            guard try FilterArguments.endpoint(endpoint) == .h1d else { throw ValidationError("only h1d histograms can be drawn") }
            let given = Set(try FilterArguments.pairs(keys).map(\.0))
            for key in DialsEndpoint.h1d.keys where !given.contains(key) { throw ValidationError("show h1d needs --\(key)") }
        }

        func run() async throws {
            let row = try await dials.client().get(.h1d, keys: Dictionary(try FilterArguments.pairs(keys)) { _, last in last })
            print(try BarChart(row: row, width: width).render(), terminator: "")
        }
    }
}
