import ArgumentParser
import Dials
import SciCLI

extension DialsCommand {
    /// `sci dials get ENDPOINT --key value...`: one object.
    struct Get: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "get",
            abstract: "Fetch one object, named by its keys.",
            discussion: """
                Examples:
                  sci dials get run --dataset_id 14677060 --run_number 367112
                  sci dials get h1d --dataset_id 14677060 --run_number 367112 --ls_number 10 --me_id 96 --format json
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var dials: DialsOptions
        @Argument(help: "The endpoint (run, lumi, h1d, ...).") var endpoint: String
        @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The keys, as --key value.", valueName: "--key value"))
        var keys: [String] = []

        func validate() throws {
            let endpoint = try FilterArguments.endpoint(endpoint)
            let given = Set(try FilterArguments.pairs(keys).map(\.0))
            for key in endpoint.keys where !given.contains(key) {
                throw ValidationError("\(endpoint.rawValue) needs --\(key) (keys: \(endpoint.keys.map { "--" + $0 }.joined(separator: " ")))")
            }
        }

        func run() async throws {
            let endpoint = try FilterArguments.endpoint(endpoint)
            let row = try await dials.client().get(endpoint, keys: Dictionary(try FilterArguments.pairs(keys)) { _, last in last })
            let writer = try globals.makeWriter(columns: endpoint.columns)
            writer.write(row)
            writer.finish()
        }
    }
}
