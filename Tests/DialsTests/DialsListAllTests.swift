import Dials
import Foundation
import SciCore
import Synchronization
import Testing
import TestSupport

/// `DialsListAll`: a listing that prefetches, saves after every page and resumes as if it had never stopped.
@Suite struct DialsListAllTests {
    /// What a run that dies after `rows` rows leaves behind: the rows it wrote, and the error it died of.
    struct Death: Error {}

    func rows(_ listing: DialsListAll, dyingAfter limit: Int? = nil) async throws -> [DialsRow] {
        var written: [DialsRow] = []
        try await listing.run(write: { row in
            if let limit, written.count == limit { throw Death() }
            written.append(row)
        })
        return written
    }

    @Test func aListingKilledMidPageResumesWithEveryRowOnce() async throws {
        try await withDials { _, client, _ in
            let folder = try TemporaryDirectory()
            let state = folder.file("lumi.state")
            let filters = try DialsFilters(.lumi, ["run_number__lte": "380006", "page_size": "25"])
            let whole = try await rows(DialsListAll(client: client, filters: filters))
            #expect(whole.count > 150)
            let listing = DialsListAll(client: client, filters: filters, stateFile: state)
            // Dies in the middle of the fourth page: the state holds three whole pages, not the rows written after.
            await #expect(throws: Death.self) { _ = try await rows(listing, dyingAfter: 3 * 25 + 10) }
            let saved = try String(contentsOfFile: state, encoding: .utf8)
            #expect(saved.contains("\"pages\":3,") && saved.contains("\"rows\":75}"))
            // Dies again while the saved rows are given back, then while fetching: each resume starts over cleanly.
            await #expect(throws: Death.self) { _ = try await rows(listing, dyingAfter: 40) }
            await #expect(throws: Death.self) { _ = try await rows(listing, dyingAfter: 130) }
            let resumed = try await rows(listing)
            #expect(resumed == whole)
            #expect(try folder.contents() == [])
        }
    }

    @Test func maxPagesCountsThePagesOfEveryRun() async throws {
        try await withDials { fixture, client, _ in
            let folder = try TemporaryDirectory()
            let filters = try DialsFilters(.run, ["page_size": "7"])
            let first = try await rows(DialsListAll(client: client, filters: filters, maxPages: 5))
            let listing = DialsListAll(client: client, filters: filters, maxPages: 5, stateFile: folder.file("state"))
            // Dies while writing the fifth and last page, so no request is in flight.
            await #expect(throws: Death.self) { _ = try await rows(listing, dyingAfter: 4 * 7 + 2) }
            let before = fixture.requestCount
            let resumed = try await rows(listing)
            #expect(resumed == first && resumed.count == 35)
            // Page 5 only: the resumed run neither refetches saved pages nor prefetches past the limit.
            #expect(fixture.requestCount - before == 1)

            // Fewer pages than a state already holds cannot be honoured: a usage error, the state kept.
            let state = folder.file("three")
            await #expect(throws: Death.self) {
                _ = try await rows(DialsListAll(client: client, filters: filters, maxPages: 5, stateFile: state), dyingAfter: 4 * 7 + 2)
            }
            let fewer = try await #require(throws: SciError.self) {
                _ = try await rows(DialsListAll(client: client, filters: filters, maxPages: 3, stateFile: state))
            }
            #expect(fewer.message == "\(state) already holds 4 pages, more than the 3 asked for" && fewer.exitCode == 2)
            #expect(try await rows(DialsListAll(client: client, filters: filters, maxPages: 4, stateFile: state)) == Array(first.prefix(28)))
        }
    }

    @Test func aFailureSaysWhereTheRowsAreAndTheSameCallContinues() async throws {
        try await withDials(attempts: 1) { fixture, client, _ in
            let folder = try TemporaryDirectory()
            let state = folder.file("h1d.state")
            let filters = try DialsFilters(.h1d, ["me": "JetMET/Jet/Cleanedak4PFJetsCHS/Pt", "run_number__lte": "380002", "page_size": "25"])
            let whole = try await rows(DialsListAll(client: client, filters: filters))
            fixture.faults.add(.init(.serverError, after: 2, count: 1))
            let listing = DialsListAll(client: client, filters: filters, stateFile: state)
            let failure = try await #require(throws: SciError.self) { _ = try await rows(listing) }
            #expect(failure.message.contains("500") && failure.hint == "50 rows and the cursor are saved in \(state); run the same command to continue")
            #expect(try await rows(listing) == whole)

            // A state saved for other filters is refused, naming the file.
            await #expect(throws: Death.self) { _ = try await rows(listing, dyingAfter: 30) }
            let other = DialsListAll(client: client, filters: try DialsFilters(.h1d, ["page_size": "25"]), stateFile: state)
            let refused = try await #require(throws: SciError.self) { _ = try await rows(other) }
            #expect(refused.message.contains(state) && refused.message.contains("another listing"))
        }
    }

    @Test func aDamagedStatePrintsNoRowAndNamesTheFile() async throws {
        try await withDials { _, client, _ in
            let folder = try TemporaryDirectory()
            let state = folder.file("lumi.state")
            let filters = try DialsFilters(.lumi, ["run_number__lte": "380003", "page_size": "20"])
            let listing = DialsListAll(client: client, filters: filters, stateFile: state)
            await #expect(throws: Death.self) { _ = try await rows(listing, dyingAfter: 45) }
            let handle = try #require(FileHandle(forUpdatingAtPath: state + ".rows"))
            try handle.truncate(atOffset: 100)
            try handle.close()
            let printed = Mutex(0)
            let error = try await #require(throws: SciError.self) { try await listing.run(write: { _ in printed.withLock { $0 += 1 } }) }
            #expect(error.message == "the resume file \(state).rows is damaged: it holds 100 bytes where \(state) saved "
                + "\(try savedBytes(state)): it was cut short")
            #expect(printed.withLock { $0 } == 0)

            try Data("{\"rows\": 40".utf8).write(to: URL(fileURLWithPath: state))
            let garbage = try await #require(throws: SciError.self) { try await listing.run(write: { _ in printed.withLock { $0 += 1 } }) }
            #expect(garbage.message.hasPrefix("the resume file \(state) is damaged"))
            #expect(printed.withLock { $0 } == 0)
        }
    }

    func savedBytes(_ state: String) throws -> Int64 {
        let saved = try JSONParser.parse(try Data(contentsOf: URL(fileURLWithPath: state)))
        return try #require(saved["bytes"]?.intValue)
    }
}
