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

        /// The object's key, read once by `validate()`.
        private var parsed: DialsObjectKey?
        private enum CodingKeys: String, CodingKey { case globals, dials, endpoint, keys }

        mutating func validate() throws { parsed = try FilterArguments.key(try FilterArguments.endpoint(endpoint), keys) }

        func run() async throws {
            let key = try parsed ?? FilterArguments.key(try FilterArguments.endpoint(endpoint), keys)
            let config = try globals.loadConfig()
            let row = try await dials.client(config: config, globals: globals).get(key)
            let writer = try globals.makeWriter(columns: key.endpoint.columns, config: config)
            writer.write(row)
            writer.finish()
        }
    }
}
