import Foundation
import SciCore
import Synchronization
import Testing
import TestSupport

@Suite("Paging")
struct PagingTests {
    /// Pages of 3 of the numbers 0..<10, the cursor being the first number of the page.
    static let fetch: Paged<Int>.Fetch = { cursor in
        let start = Int(cursor ?? "0") ?? 0
        return Page(items: Array(start..<min(start + 3, 10)), next: start + 3 < 10 ? String(start + 3) : nil, total: 10)
    }

    @Test("with prefetch, the next page is asked for before the caller asks, never past the last page or maxPages")
    func prefetch() async throws {
        let asked = Mutex<[String?]>([])
        let (events, signal) = AsyncStream.makeStream(of: String?.self)
        let fetch: Paged<Int>.Fetch = { cursor in
            asked.withLock { $0.append(cursor) }
            signal.yield(cursor)
            return try await Self.fetch(cursor)
        }
        var iterator = Paged(prefetch: true, fetch: fetch).makeAsyncIterator()
        var heard = events.makeAsyncIterator()
        #expect(try await iterator.next()?.items == [0, 1, 2])
        _ = await heard.next()
        // The second page is requested without the caller asking: wait for that request, not for a while.
        #expect(await heard.next() == "3")
        #expect(try await iterator.next()?.items == [3, 4, 5])
        #expect(try await Paged(prefetch: true, fetch: fetch).items() == Array(0..<10))
        asked.withLock { $0.removeAll() }
        #expect(try await Paged(maxPages: 2, prefetch: true, fetch: fetch).items() == Array(0..<6))
        #expect(asked.withLock { $0 } == [nil, "3"])
    }

    @Test("the checkpoint counts pages and rows, and maxPages counts those of the run resumed")
    func checkpoint() async throws {
        var iterator = Paged(maxPages: 3, fetch: Self.fetch).makeAsyncIterator()
        _ = try await iterator.next()
        _ = try await iterator.next()
        #expect(iterator.checkpoint == PagingCheckpoint(cursor: "6", pages: 2, rows: 6))
        // Resumed with the same maxPages, one page is left, as for an uninterrupted run.
        #expect(try await Paged(from: iterator.checkpoint, maxPages: 3, fetch: Self.fetch).items() == [6, 7, 8])
        #expect(try await Paged(from: iterator.checkpoint, fetch: Self.fetch).items() == [6, 7, 8, 9])
        #expect(try await Paged(from: PagingCheckpoint(pages: 4, rows: 10, finished: true), fetch: Self.fetch).items() == [])
        #expect(throws: SciError.self) { try PagingCheckpoint(rows: Int.max).after(rows: 1, next: nil) }
    }

    @Test("a listing state keeps whole pages: bytes past the checkpoint are cut, and a resume gives every saved row")
    func listingState() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("state")
        let listing: JSONValue = ["endpoint": "lumi"]
        do {
            let state = try ListingState(path: path, listing: listing)
            #expect(!state.isResumed)
            try state.record([["n": 1], ["n": 2]], checkpoint: PagingCheckpoint(cursor: "b", pages: 1, rows: 2))
            try state.record([["n": 3]], checkpoint: PagingCheckpoint(cursor: "c", pages: 2, rows: 3))
            // A run killed after writing a page's rows but before its checkpoint: those rows must not come back.
            let handle = try #require(FileHandle(forWritingAtPath: state.rowsPath))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("{\"n\":4}\n{\"n\":".utf8))
            try handle.close()
            let other = try #require(throws: SciError.self) { try ListingState(path: path, listing: listing) }
            #expect(other.message.contains("another listing is using"))
        }
        let reopened = try ListingState(path: path, listing: listing)
        #expect(reopened.checkpoint == PagingCheckpoint(cursor: "c", pages: 2, rows: 3))
        var rows: [JSONValue] = []
        try reopened.forEachSavedRow { rows.append(.object($0)) }
        #expect(rows == [["n": 1], ["n": 2], ["n": 3]])
        try reopened.complete()
        #expect(try folder.contents() == [])
    }

    @Test("a damaged or foreign state is refused by name, before any row is given")
    func damagedState() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("state")
        let listing: JSONValue = ["endpoint": "lumi"]
        do {
            let state = try ListingState(path: path, listing: listing)
            try state.record([["n": 1], ["n": 2]], checkpoint: PagingCheckpoint(cursor: "b", pages: 1, rows: 2))
        }
        let foreign = try #require(throws: SciError.self) { try ListingState(path: path, listing: ["endpoint": "run"]) }
        #expect(foreign.message.contains(path) && foreign.message.contains("another listing"))

        // Cut short: the rows file holds less than the checkpoint covers.
        let rowsPath = path + ".rows"
        let full = try Data(contentsOf: URL(fileURLWithPath: rowsPath))
        try full.prefix(full.count - 3).write(to: URL(fileURLWithPath: rowsPath))
        let cut = try #require(throws: SciError.self) { try ListingState(path: path, listing: listing) }
        #expect(cut.message.contains("\(rowsPath) is damaged") && cut.message.contains("cut short"))

        // A rows file of the length the checkpoint covers (16 bytes) whose second line is not a row.
        try Data("{\"n\":1}\n[1,2,3]\n".utf8).write(to: URL(fileURLWithPath: rowsPath))
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        let notRow = try #require(throws: SciError.self) { try ListingState(path: path, listing: listing) }
        #expect(notRow.message.contains(rowsPath))

        for garbage in ["", "not json", "{\"format\":\"sci listing state 1\",\"listing\":{\"endpoint\":\"lumi\"}}",
                        saved.replacingOccurrences(of: "\"pages\":1", with: "\"pages\":1e30"),
                        saved.replacingOccurrences(of: "\"rows\":2", with: "\"rows\":-2")] {
            try garbage.write(toFile: path, atomically: true, encoding: .utf8)
            let error = try #require(throws: SciError.self) { try ListingState(path: path, listing: listing) }
            #expect(error.message.contains("\(path) is damaged"), "\(garbage): \(error.message)")
            #expect(error.hint?.contains("remove") == true)
        }
    }
}
