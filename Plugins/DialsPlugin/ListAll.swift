import ArgumentParser
import Dials
import SciCLI
import SciCore
import Foundation

extension DialsCommand {
    /// `sci dials list-all ENDPOINT [filters] [--max-pages N] [--resume STATE]`: every page, streamed.
    struct ListAll: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "list-all",
            abstract: "List every page of an endpoint, printing rows as pages arrive.",
            discussion: """
                jsonl and csv are written row by row, so any number of rows fits in little memory; the next page \
                is fetched while one is written.

                With --resume STATE, the rows and the cursor are saved after every page (STATE and STATE.rows), \
                so a listing that fails or is killed, even by SIGKILL, is continued by the same command: it prints \
                every row again, those saved first, then the rest, once each, as an uninterrupted run would. \
                Redirect with > so the new run's output replaces the cut one (a resume appending with >> to a file that holds rows is refused). --max-pages counts the pages \
                of every run. STATE is removed when the listing ends.

                Examples:
                  sci dials list-all h2d --me__regex PXBarrel --ls_number 78 --entries__gte 100 --max-pages 5
                  sci dials list-all lumi --run_number 360392 --format jsonl --resume lumi.state > lumi.jsonl
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var dials: DialsOptions
        @Argument(help: "The endpoint (run, lumi, h1d, h2d, ...).") var endpoint: String
        @Option(help: "Stop after this many pages, counting those of a resumed run (0: all).") var maxPages = 0
        @Option(help: ArgumentHelp("Save progress here after every page, and continue from it when it exists.", valueName: "state"))
        var resume: String?
        @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Filters, as --field value.", valueName: "--field value"))
        var filters: [String] = []

        /// The filters, read once by `validate()`.
        private var parsed: DialsFilters?
        private enum CodingKeys: String, CodingKey { case globals, dials, endpoint, maxPages, resume, filters }

        mutating func validate() throws {
            let filters = try FilterArguments.filters(try FilterArguments.endpoint(endpoint), filters)
            guard filters.endpoint.isPaginated else { throw ValidationError("\(filters.endpoint.rawValue) has no pages; use list") }
            if maxPages < 0 { throw ValidationError("--max-pages must be 0 or more") }
            parsed = filters
        }

        func run() async throws {
            let filters = try parsed ?? FilterArguments.filters(try FilterArguments.endpoint(endpoint), self.filters)
            if let resume, FileManager.default.fileExists(atPath: resume), Self.appendsToAFileWithData(STDOUT_FILENO) {
                // A resumed listing prints every row again; appended to the cut output, the saved rows would be there twice.
                throw SciError("standard output appends (>>) to a file that already holds rows, and a resumed listing prints every row again",
                               hint: "redirect with > so the new output replaces the cut one", exitCode: SciError.usageExitCode)
            }
            let config = try globals.loadConfig()
            let listing = DialsListAll(client: try dials.client(config: config, globals: globals), filters: filters,
                                       maxPages: maxPages, stateFile: resume)
            let writer = try globals.makeWriter(columns: filters.endpoint.columns, config: config)
            let progress = globals.makeProgress()
            progress.start(label: "pages", total: nil, unit: .items)
            defer {
                progress.finish()
                writer.finish()
            }
            try await listing.run(write: { writer.write($0) }, pageWritten: { checkpoint in
                progress.update(completed: Int64(checkpoint.pages), total: checkpoint.finished ? Int64(checkpoint.pages) : nil)
            })
        }

        /// Whether `fd` is a regular file opened for appending that is not empty (`>> out.jsonl` after a cut run).
        static func appendsToAFileWithData(_ fd: Int32) -> Bool {
            var info = stat()
            guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 else { return false }
            let flags = fcntl(fd, F_GETFL)
            return flags >= 0 && flags & O_APPEND != 0
        }
    }
}
