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

        func validate() throws {
            _ = try conditions()
            if offset < 0 || limit < 1 { throw ValidationError("--offset must be 0 or more and --limit at least 1") }
        }

        func run() async throws {
            let answer = try await dials.client().oms(endpoint, filters: try conditions(), pages: ["offset": offset, "limit": limit])
            guard case .array(let items)? = answer["data"] else {
                throw SciError("OMS answered without a data list", hint: "is \(endpoint) an OMS endpoint?")
            }
            let rows = items.compactMap { item -> [String: JSONValue]? in
                if case .object(let attributes)? = item["attributes"] { return attributes } else { return nil }
            }
            let writer = try globals.makeWriter(columns: rows.first.map { Array($0.keys).sorted() } ?? [])
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
