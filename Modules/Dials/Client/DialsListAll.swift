import Foundation
public import SciCore

/// Every row of a listing, pages prefetched, optionally resumable: with a state file, each page's rows and the
/// cursor after it are saved before the next page is written (`ListingState`), so a run killed at any moment
/// (Ctrl-C, SIGTERM, SIGKILL, a job's time limit) is continued by the same call: it gives the saved rows again, then
/// those of the pages still to fetch, every row once, as an uninterrupted run would. `maxPages` counts the pages of
/// every run. `sci dials list-all --resume STATE` is this type.
public struct DialsListAll: Sendable {
    /// The client.
    public let client: DialsClient
    /// The listing.
    public let filters: DialsFilters
    /// The most pages over every run; nil or 0: all.
    public let maxPages: Int?
    /// The resume file (and `STATE.rows` beside it); nil lists without saving.
    public let stateFile: String?

    /// A listing of `filters` through `client`.
    public init(client: DialsClient, filters: DialsFilters, maxPages: Int? = nil, stateFile: String? = nil) {
        self.client = client
        self.filters = filters
        self.maxPages = maxPages == 0 ? nil : maxPages
        self.stateFile = stateFile
    }

    /// Gives every row to `write`, in order: first those an earlier run saved, then those of the pages fetched now.
    /// `pageWritten` hears where the listing stands after the saved rows and after each page. The state is saved
    /// after `write` has had a page's rows, and removed once the listing ends or reaches `maxPages`. A failure
    /// to fetch or save leaves it in place and says so in its hint; an error `write` throws comes out as it was.
    @discardableResult
    public func run(
        write: ([String: JSONValue]) throws -> Void, pageWritten: (PagingCheckpoint) -> Void = { _ in }
    ) async throws -> PagingCheckpoint {
        let state = try stateFile.map { try ListingState(path: $0, listing: identity) }
        var checkpoint = state?.checkpoint ?? PagingCheckpoint()
        if let state, let maxPages, checkpoint.pages > maxPages {
            // Its rows are not kept page by page, so fewer pages than were saved cannot be given back.
            throw SciError("\(state.path) already holds \(checkpoint.pages) pages, more than the \(maxPages) asked for",
                           hint: "give --max-pages \(checkpoint.pages) or more (or 0), or remove \(state.path) and \(state.rowsPath) to start afresh",
                           exitCode: SciError.usageExitCode)
        }
        if let state, state.isResumed {
            try state.forEachSavedRow(write)
            pageWritten(checkpoint)
        }
        var pages = client.listAll(filters, from: checkpoint, maxPages: maxPages).makeAsyncIterator()
        do {
            while let page = try await pages.next() {
                do {
                    for row in page.items { try write(row) }
                } catch {
                    throw WriteFailure(error: error)
                }
                try state?.record(page.items, checkpoint: pages.checkpoint)
                checkpoint = pages.checkpoint
                pageWritten(checkpoint)
            }
        } catch let failure as WriteFailure {
            // The caller's own error, as it threw it.
            throw failure.error
        } catch {
            guard let state else { throw error }
            let failure = SciError.from(error)
            throw SciError(
                failure.message,
                hint: "\(state.checkpoint.rows) rows and the cursor are saved in \(state.path); run the same command to continue",
                exitCode: failure.exitCode, underlying: error)
        }
        try state?.complete()
        return checkpoint
    }

    /// An error `write` threw, told apart from the listing's own.
    private struct WriteFailure: Error {
        var error: any Error
    }

    /// What a state file must have been saved for: the same DIALS, workspace, endpoint and filters.
    var identity: JSONValue {
        [
            "dials": .string(client.server.apiURL), "workspace": client.server.workspace.map { .string($0) } ?? .null,
            "endpoint": .string(filters.endpoint.rawValue), "filters": .object(filters.values.mapValues { .string($0) }),
        ]
    }
}
