import ArgumentParser
import Dials
import SciCLI

extension DialsCommand {
    /// `sci dials list ENDPOINT [--filter value...]`: one page.
    struct List: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List one page of an endpoint (use list-all for every page).",
            discussion: """
                Examples:
                  sci dials list run --run_number__gte 360392 --run_number__lte 365000
                  sci dials list h1d --me PixelPhase1/Tracks/PXBarrel/charge_PXLayer_2 --page_size 100 --format csv
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var dials: DialsOptions
        @Argument(help: "The endpoint (run, lumi, h1d, h2d, ...).") var endpoint: String
        @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Filters, as --field value.", valueName: "--field value"))
        var filters: [String] = []

        /// The filters, read once by `validate()`.
        private var parsed: DialsFilters?
        private enum CodingKeys: String, CodingKey { case globals, dials, endpoint, filters }

        mutating func validate() throws { parsed = try FilterArguments.filters(try FilterArguments.endpoint(endpoint), filters) }

        func run() async throws {
            let filters = try parsed ?? FilterArguments.filters(try FilterArguments.endpoint(endpoint), self.filters)
            let config = try globals.loadConfig()
            let page = try await dials.client(config: config, globals: globals).list(filters)
            let writer = try globals.makeWriter(columns: filters.endpoint.columns, config: config)
            writer.write(page.rows)
            writer.finish()
        }
    }

    /// `sci dials mes [--me ...] [--dim 1]`: the monitoring elements DIALS holds.
    struct MEs: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "mes",
            abstract: "List the monitoring elements DIALS holds.",
            discussion: "Examples:\n  sci dials mes\n  sci dials mes --me__regex PXBarrel --dim 1")

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var dials: DialsOptions
        @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Filters: --me, --me__regex, --dim.", valueName: "--field value"))
        var filters: [String] = []

        /// The filters, read once by `validate()`.
        private var parsed: DialsFilters?
        private enum CodingKeys: String, CodingKey { case globals, dials, filters }

        mutating func validate() throws { parsed = try FilterArguments.filters(.mes, filters) }

        func run() async throws {
            let filters = try parsed ?? FilterArguments.filters(.mes, self.filters)
            let config = try globals.loadConfig()
            let rows = try await dials.client(config: config, globals: globals).mes(filters)
            let writer = try globals.makeWriter(columns: DialsEndpoint.mes.columns, config: config)
            writer.write(rows)
            writer.finish()
        }
    }
}
