import ArgumentParser
import Dials
import Foundation
import SciCLI
import SciCore

extension DialsCommand {
    /// `sci dials show h1d|h2d --keys...`: a histogram drawn in the terminal, 1-D as bars, 2-D as shades.
    struct Show: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Draw the histogram of one lumisection: 1-D as a bar chart, 2-D as a map of shades.",
            discussion: """
                Examples:
                  sci dials show h1d --dataset_id 14677060 --run_number 367112 --ls_number 10 --me_id 1
                  sci dials show h2d --dataset_id 14677060 --run_number 367112 --ls_number 10 --me_id 7
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var dials: DialsOptions
        @Argument(help: "h1d or h2d.") var endpoint: String
        @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The keys, as --key value.", valueName: "--key value"))
        var keys: [String] = []
        @Option(help: "The width of the longest bar, in characters.") var width = 50

        /// The histogram's key, read once by `validate()`.
        private var parsed: DialsObjectKey?
        private enum CodingKeys: String, CodingKey { case globals, dials, endpoint, keys, width }

        mutating func validate() throws {
            let endpoint = try FilterArguments.endpoint(endpoint)
            guard endpoint == .h1d || endpoint == .h2d else { throw ValidationError("only h1d and h2d histograms can be drawn") }
            guard (1...BarChart.maximumWidth).contains(width) else {
                throw ValidationError("--width must be from 1 to \(BarChart.maximumWidth) characters")
            }
            parsed = try FilterArguments.key(endpoint, keys)
        }

        func run() async throws {
            let key = try parsed ?? FilterArguments.key(try FilterArguments.endpoint(endpoint), keys)
            let endpoint = key.endpoint
            let row = try await dials.client(config: try globals.loadConfig(), globals: globals).get(key)
            let chart = endpoint == .h1d ? try BarChart(row: row, width: width).render() : try HeatMap(row: row).render()
            print(chart, terminator: "")
        }
    }
}
