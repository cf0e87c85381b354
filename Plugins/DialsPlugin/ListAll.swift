import ArgumentParser
import Dials
import Foundation
import SciCLI
import SciCore

extension DialsCommand {
    /// `sci dials list-all ENDPOINT [filters] [--max-pages N] [--resume STATE]`: every page, streamed.
    struct ListAll: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "list-all",
            abstract: "List every page of an endpoint, printing rows as pages arrive.",
            discussion: """
                jsonl and csv are written row by row, so any number of rows fits in little memory. \
                With --resume STATE, a failure saves the rows so far and the cursor in STATE; \
                the same command again continues from there and prints every row, as an uninterrupted run would.

                Examples:
                  sci dials list-all h2d --me__regex PXBarrel --ls_number 78 --entries__gte 100 --max-pages 5
                  sci dials list-all lumi --run_number 360392 --format jsonl --resume lumi.state > lumi.jsonl
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var dials: DialsOptions
        @Argument(help: "The endpoint (run, lumi, h1d, h2d, ...).") var endpoint: String
        @Option(help: "Stop after this many pages (0: all).") var maxPages = 0
        @Option(help: ArgumentHelp("Save progress here on failure, and continue from it when it exists.", valueName: "state"))
        var resume: String?
        @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Filters, as --field value.", valueName: "--field value"))
        var filters: [String] = []

        func validate() throws {
            let filters = try FilterArguments.filters(try FilterArguments.endpoint(endpoint), filters)
            guard filters.endpoint.isPaginated else { throw ValidationError("\(filters.endpoint.rawValue) has no pages; use list") }
            if maxPages < 0 { throw ValidationError("--max-pages must be 0 or more") }
        }

        func run() async throws {
            let filters = try FilterArguments.filters(try FilterArguments.endpoint(endpoint), filters)
            let client = try dials.client()
            let writer = try globals.makeWriter(columns: filters.endpoint.columns)
            let state = try resume.map { try ListAllState(path: $0, filters: filters) }
            var nextToken = try state?.replay { writer.write($0) }
            if let state, nextToken == nil, state.replayedRows > 0 {
                // Saved rows without a cursor: the listing had ended, so there is nothing left to fetch.
                writer.finish()
                try state.complete()
                return
            }
            let progress = globals.makeProgress()
            progress.start(label: "pages", total: 1, unit: .items)
            var pages = 0
            var pending: Task<DialsRawPage, any Error>? = Self.fetch(client, filters, nextToken)
            while let task = pending {
                let page: DialsPage
                do {
                    let raw = try await task.value
                    let following = try raw.nextToken()
                    let more = following != nil && (maxPages == 0 || pages + 1 < maxPages)
                    // The next page is on its way while this one is parsed and written.
                    pending = more ? Self.fetch(client, filters, following) : nil
                    page = try raw.parse()
                } catch {
                    pending?.cancel()
                    progress.finish()
                    writer.finish()
                    guard let state else { throw error }
                    let saved = try state.save(nextToken: nextToken)
                    var failure = SciError.from(error)
                    failure.hint = "\(saved) rows and the cursor are saved in \(state.path); run the same command to continue"
                    throw failure
                }
                pages += 1
                progress.update(completed: Int64(pages), total: Int64(pages + (pending != nil ? 1 : 0)))
                for row in page.rows {
                    writer.write(row)
                    try state?.record(row)
                }
                nextToken = page.nextToken
            }
            progress.finish()
            writer.finish()
            try state?.complete()
        }

        private static func fetch(_ client: DialsClient, _ filters: DialsFilters, _ token: String?) -> Task<DialsRawPage, any Error> {
            Task { try await client.rawPage(filters, nextToken: token) }
        }
    }
}
