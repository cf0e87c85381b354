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

        func validate() throws { _ = try FilterArguments.filters(try FilterArguments.endpoint(endpoint), filters) }

        func run() async throws {
            let filters = try FilterArguments.filters(try FilterArguments.endpoint(endpoint), filters)
            let page = try await dials.client().list(filters)
            let writer = try globals.makeWriter(columns: filters.endpoint.columns)
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

        func validate() throws { _ = try FilterArguments.filters(.mes, filters) }

        func run() async throws {
            let rows = try await dials.client().mes(try FilterArguments.filters(.mes, filters))
            let writer = try globals.makeWriter(columns: DialsEndpoint.mes.columns)
            writer.write(rows)
            writer.finish()
        }
    }
}
