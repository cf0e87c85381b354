import Foundation
import SciCore
import Testing
import TestSupport

/// `sci dials` as users run it, against the fixture.
@Suite struct DialsCommandTests {
    /// Runs `sci dials ...` on a thread of its own: waiting for the process on a task would hold one of the few
    /// threads the fixture's handlers need.
    func sci(_ arguments: [String], _ server: LoopbackServer?, secret: String = DialsFixture.clientSecret,
             environment: [String: String] = [:]) async throws -> SciProcess.Result {
        let full = ["dials"] + arguments + (server.map { ["--url", $0.baseURL, "--attempts", "2"] } ?? [])
        let variables = ["SCI_DIALS_CLIENT_SECRET": secret, "SCI_DIALS_TOKEN": ""].merging(environment) { $1 }
        return try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try SciProcess.run(full, environment: variables) })
            }.start()
        }
    }

    @Test func getAndShowCheckTheirKeysAsListChecksFilters() async throws {
        try await withDials { fixture, _, server in
            let cases: [([String], String)] = [
                (["get", "run", "--dataset_id", "14677060", "--run_number", "380001", "--bogus", "1"], "run has no key bogus"),
                (["get", "run", "--dataset_id", "14677060", "--run_number", "abc"], "key run_number must be an integer, not 'abc'"),
                (["get", "run", "--dataset_id", "14677060"], "run needs --run_number"),
                (["show", "h1d", "--dataset_id", "1", "--run_number", "2", "--ls_number", "3", "--me_id", "x"], "key me_id must be an integer"),
                (["show", "h1d", "--dataset_id", "1", "--run_number", "2", "--ls_number", "3", "--me_id", "4", "--width", "0"],
                 "--width must be from 1 to"),
                (["show", "h2d", "--dataset_id", "1", "--run_number", "2", "--ls_number", "3", "--me_id", "4", "--nope", "4"], "h2d has no key nope"),
                (["list", "run", "--page_size", "0"], "filter page_size must be 1 or more, not 0"),
                (["list-all", "lumi", "--page_size", "-5"], "filter page_size must be 1 or more, not -5"),
                (["list", "run", "--url", "ftp://dials.example/"], "--url is 'ftp://dials.example/', which is not an http:// or https:// address"),
                (["list", "run", "--timeout", "0"], "a DIALS timeout must be between 1 and 86400 seconds"),
                (["list", "run", "--attempts", "0"], "--attempts must be from 1 to 100"),
                (["cert-json", "--model-ids", "1,x", "--dataset-ids", "1", "--runs", "1"], "--model-ids must be integers separated by commas"),
            ]
            for (arguments, message) in cases {
                let result = try await sci(arguments, arguments.contains("--url") || arguments.contains("--attempts") ? nil : server)
                #expect(result.status == 2 && result.stderr.contains(message), "\(arguments): \(result.status) \(result.stderr)")
            }
            #expect(fixture.requestCount == 0)
            let good = try await sci(["get", "run", "--dataset_id", "14677060", "--run_number", "380001", "--format", "json"], server)
            #expect(good.status == 0, "\(good.stderr)")
            guard case .array(let rows) = try JSONParser.parse(Data(good.stdout.utf8)) else { Issue.record("not a list: \(good.stdout)"); return }
            #expect(rows.count == 1 && rows.first?["run_number"] == .int(380_001), "\(good.stdout)")
        }
    }

    @Test func theConfigurationFileAndEnvironmentReachSciDials() async throws {
        try await withDials { _, _, server in
            let folder = try TemporaryDirectory()
            let config = try folder.writeFile("config.toml", "[dials]\nurl = \"\(server.baseURL)\"\nworkspace = \"jetmet\"\ntimeout = 30\n")
            let viaFile = try await sci(["list", "run", "--config", config, "--format", "jsonl"], nil)
            #expect(viaFile.status == 0 && viaFile.stdout.split(separator: "\n").count == 10, "\(viaFile.stderr)")
            // The environment is above the file, a flag above both.
            let bad = try folder.writeFile("bad.toml", "[dials]\nurl = \"http://127.0.0.1:1/\"\n")
            let viaEnvironment = try await sci(["list", "run", "--config", bad, "--format", "jsonl"], nil,
                                               environment: ["SCI_DIALS_URL": server.baseURL])
            #expect(viaEnvironment.status == 0, "\(viaEnvironment.stderr)")
            let badTimeout = try folder.writeFile("timeout.toml", "[dials]\ntimeout = \"soon\"\n")
            let refused = try await sci(["list", "run", "--config", badTimeout], nil)
            #expect(refused.status == 2 && refused.stderr.contains("dials.timeout is 'soon'"), "\(refused.stderr)")
            let missing = try await sci(["list", "run", "--config", folder.file("none.toml")], server)
            #expect(missing.status != 0 && missing.stderr.contains("none.toml does not exist"))
        }
    }

    @Test func histogramsWithCountsNoIntegerHoldsAreDrawnNotTrapped() async throws {
        try await withDials { fixture, _, server in
            fixture.serve(["me": "huge", "run_number": 1, "ls_number": 1, "entries": 3, "x_min": 0, "x_max": 3,
                           "data": [.double(1e300), -5, 2]], at: "/api/v1/th1/1/1/1/1/")
            let bars = try await sci(["show", "h1d", "--dataset_id", "1", "--run_number", "1", "--ls_number", "1", "--me_id", "1"], server)
            #expect(bars.status == 0 && bars.stdout.contains("1e+300") && bars.stdout.contains(" -5"), "\(bars.stderr)")
            fixture.serve(["me": "huge", "x_min": 0, "x_max": 2, "y_min": 0, "y_max": 2,
                           "data": [[.double(1e300), -1], [.double(-1e300), 3]]], at: "/api/v1/th2/1/1/1/1/")
            let map = try await sci(["show", "h2d", "--dataset_id", "1", "--run_number", "1", "--ls_number", "1", "--me_id", "1"], server)
            #expect(map.status == 0 && map.stdout.contains("up to 1e+300"), "\(map.stderr)")
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
