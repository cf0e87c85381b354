import Foundation
import SciCore
import Testing
import TestSupport

/// `sci dials` as users run it, against the fixture.
@Suite struct DialsCommandTests {
    /// Runs `sci dials ...` on a thread of its own: waiting for the process on a task would hold one of the few
    /// threads the fixture's handlers need.
    func sci(_ arguments: [String], _ server: LoopbackServer, secret: String = DialsFixture.clientSecret) async throws -> SciProcess.Result {
        let full = ["dials"] + arguments + ["--url", server.baseURL, "--attempts", "2"]
        return try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    try SciProcess.run(full, environment: ["SCI_DIALS_CLIENT_SECRET": secret, "SCI_DIALS_TOKEN": ""])
                })
            }.start()
        }
    }

    @Test func badInputIsOneLineBeforeAnyRequest() async throws {
        try await withDials { fixture, _, server in
            let typo = try await sci(["list-all", "h1d", "--ls_numbet__lte", "3"], server)
            #expect(typo.status == 2 && typo.stderr.contains("ls_number__lte"))
            let unknown = try await sci(["list", "histograms"], server)
            #expect(unknown.status == 2 && unknown.stderr.contains("unknown endpoint"))
            #expect(fixture.requestCount == 0)
            let refused = try await sci(["list", "run"], server, secret: "not-the-secret")
            #expect(refused.status == 1 && refused.stderrLines.first?.hasPrefix("error:") == true)
            #expect(!refused.stderr.contains("not-the-secret"))
        }
    }

    @Test func listAllStreamsJSONLinesAndResumesAfterFaults() async throws {
        try await withDials { fixture, _, server in
            let folder = try TemporaryDirectory()
            let state = folder.path + "/lumi.state"
            let arguments = ["list-all", "lumi", "--run_number__lte", "380004", "--page_size", "30", "--format", "jsonl", "--resume", state]
            let whole = try await sci(Array(arguments.dropLast(2)), server)
            #expect(whole.status == 0, "\(whole.stderr)")
            fixture.faults.add(.init(.serverError, after: 3, count: 2))
            let failed = try await sci(arguments, server)
            #expect(failed.status == 1 && failed.stderr.contains("90 rows and the cursor are saved"))
            #expect(FileManager.default.fileExists(atPath: state))
            let resumed = try await sci(arguments, server)
            #expect(resumed.status == 0 && resumed.stdout == whole.stdout)
            #expect(!FileManager.default.fileExists(atPath: state))
            #expect(whole.stdout.split(separator: "\n").count > 150)
        }
    }

    @Test func showDrawsAHistogram() async throws {
        try await withDials { _, _, server in
            let chart = try await sci(["show", "h1d", "--dataset_id", "14677060", "--run_number", "380002", "--ls_number", "4", "--me_id", "2"], server)
            #expect(chart.status == 0, "\(chart.stderr)")
            let lines = chart.stdout.split(separator: "\n")
            #expect(lines.count == 51 && lines[0].contains("charge_PXLayer_2") && chart.stdout.contains("█"))

            let map = try await sci(["show", "h2d", "--dataset_id", "14677060", "--run_number", "380002", "--ls_number", "4", "--me_id", "9"], server)
            #expect(map.status == 0, "\(map.stderr)")
            let rows = map.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            // Title, 16 rows of 16 bins, the axis, its labels and the legend.
            #expect(rows.count == 1 + 16 + 3 + 1 && rows[0].contains("hOStripsAndWiresAndCLCT"))
            #expect(rows[1...16].allSatisfy { $0.filter { $0 == "│" }.count == 2 } && map.stdout.contains("█"))
            let wrong = try await sci(["show", "lumi", "--dataset_id", "14677060"], server)
            #expect(wrong.status == 2 && wrong.stderr.contains("h1d and h2d"))
        }
    }
}
