import ArgumentParser
import Dials
import SciCLI
import SciCore

extension DialsCommand {
    /// `sci dials oms ENDPOINT --filter attr:OP:value ...`: CMS OMS through DIALS' proxy.
    struct OMS: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "oms",
            abstract: "Query CMS OMS (runs, lumisections, ...) through DIALS' proxy.",
            discussion: """
                Each row is one item's attributes. Operators: EQ NEQ LT GT LE GE LIKE (% matches any text).

                Examples:
                  sci dials oms runs --filter run_number:GE:380000 --filter run_number:LE:380010 --limit 20
                  sci dials oms lumisections --filter run_number:EQ:380001 --format csv
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var dials: DialsOptions
        @Argument(help: "The OMS endpoint (runs, lumisections, ...).") var endpoint: String
        @Option(name: .customLong("filter"), help: ArgumentHelp("A condition, attribute:OPERATOR:value.", valueName: "condition"))
        var filters: [String] = []
        @Option(help: "Items to skip.") var offset = 0
        @Option(help: "Items to return (OMS answers 10 unless told).") var limit = 10

        /// The conditions, read once by `validate()`.
        private var parsed: [OMSFilter]?
        private enum CodingKeys: String, CodingKey { case globals, dials, endpoint, filters, offset, limit }

        mutating func validate() throws {
            if offset < 0 || limit < 1 { throw ValidationError("--offset must be 0 or more and --limit at least 1") }
            parsed = try conditions()
        }

        func run() async throws {
            let config = try globals.loadConfig()
            let rows = try await dials.client(config: config, globals: globals)
                .omsRows(endpoint, filters: try parsed ?? conditions(), offset: offset, limit: limit)
            let writer = try globals.makeWriter(columns: rows.first.map { Array($0.keys).sorted() } ?? [], config: config)
            writer.write(rows)
            writer.finish()
        }

        private func conditions() throws -> [OMSFilter] {
            try filters.map { text in
                guard let filter = OMSFilter(parsing: text) else {
                    throw ValidationError("--filter \(text) must be attribute:OPERATOR:value with one of EQ NEQ LT GT LE GE LIKE")
                }
                return filter
            }
        }
    }
}
