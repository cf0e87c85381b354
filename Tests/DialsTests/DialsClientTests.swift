import Dials
import Foundation
import SciCore
import SciHTTP
import Testing
import TestSupport

@Suite struct DialsClientTests {
    @Test func getsOneObjectOfEveryEndpoint() async throws {
        try await withDials { _, client, _ in
            let dataset = 14_677_060 + 17
            let run = 380_000 + 40 + 3
            let lookups: [(DialsEndpoint, [String: String], String)] = [
                (.datasetIndex, ["dataset_id": "\(dataset)"], "era"),
                (.fileIndex, ["dataset_id": "\(dataset)", "file_id": "\(3_393_800_000 + 100_000 + 3)"], "logical_file_name"),
                (.run, ["dataset_id": "\(dataset)", "run_number": "\(run)"], "ls_count"),
                (.lumi, ["dataset_id": "\(dataset)", "run_number": "\(run)", "ls_number": "2"], "th1_count"),
                (.h1d, ["dataset_id": "\(dataset)", "run_number": "\(run)", "ls_number": "2", "me_id": "2"], "x_bin"),
                (.h2d, ["dataset_id": "\(dataset)", "run_number": "\(run)", "ls_number": "2", "me_id": "8"], "y_bin"),
                (.mes, ["me_id": "8"], "dim"),
                (.mlModelsIndex, ["model_id": "19"], "input_signature"),
            ]
            for (endpoint, keys, field) in lookups {
                let row = try await client.get(endpoint, keys: keys)
                #expect(row[field] != nil, "\(endpoint) lacks \(field)")
                #expect(Set(row.keys) == Set(endpoint.columns), "\(endpoint) fields differ from cmsdials' model")
            }
            let h2d = try await client.get(.h2d, keys: ["dataset_id": "\(dataset)", "run_number": "\(run)", "ls_number": "2", "me_id": "8"])
            guard case .array(let rows)? = h2d["data"], case .array(let first)? = rows.first else { Issue.record("no 2-D data"); return }
            #expect(rows.count == 20 && first.count == 20)
            let missing = await thrown { _ = try await client.get(.run, keys: ["dataset_id": "\(dataset)"]) }
            #expect(SciError.from(missing!).message.contains("--run_number"))
            let absent = await thrown { _ = try await client.get(.run, keys: ["dataset_id": "1", "run_number": "1"]) }
            #expect(SciError.from(absent!).message.hasPrefix("not found:"))
        }
    }

    @Test func listsFollowEveryFilterOfEveryEndpoint() async throws {
        try await withDials { _, client, _ in
            var runs = DialsFilters(.run)
            try runs.set("run_number__gte", 380_010)
            try runs.set("run_number__lte", 380_019)
            try runs.set("page_size", 100)
            let value1 = try await client.list(runs).rows.ints("run_number")
            #expect(value1 == Array(380_010...380_019))

            var lumis = try DialsFilters(.lumi, ["run_number": "380005", "ls_number__gte": "3", "ls_number__lte": "5"])
            lumis.pageSize = 50
            let value2 = try await client.list(lumis).rows.ints("ls_number")
            #expect(value2 == [3, 4, 5])

            var h1d = try DialsFilters(.h1d, ["me": "PixelPhase1/Tracks/PXBarrel/charge_PXLayer_2", "run_number": "380001",
                                              "entries__gte": "2500", "page_size": "500"])
            let heavy = try await client.list(h1d).rows
            #expect(!heavy.isEmpty && heavy.allSatisfy { ($0["entries"]?.intValue ?? 0) >= 2500 && $0["me_id"] == .int(2) })
            h1d.remove("entries__gte")
            try h1d.set("me__regex", "charge_PXLayer_[13]")
            h1d.remove("me")
            let value3 = try await client.list(h1d).rows.ints("me_id")
            #expect(Set(value3) == [1, 3])

            let h2d = try DialsFilters(.h2d, ["me__regex": "EE \\+", "dataset__regex": "2024C", "ls_number": "1", "page_size": "500"])
            let rows = try await client.list(h2d).rows
            #expect(!rows.isEmpty && rows.allSatisfy { $0["me_id"] == .int(8) && ($0["dataset"]?.stringValue ?? "").contains("2024C") })

            let files = try await client.list(try DialsFilters(.fileIndex, ["status": "FAILED_INGESTION", "page_size": "500"])).rows
            #expect(!files.isEmpty && files.allSatisfy { $0["err_trace"] != .null })
            let big = try await client.list(try DialsFilters(.fileIndex, ["min_size": "800000000", "page_size": "500"])).rows
            #expect(big.allSatisfy { ($0["file_size"]?.intValue ?? 0) >= 800_000_000 })

            let datasets = try await client.list(try DialsFilters(.datasetIndex, ["dataset__regex": "ZeroBias"])).rows
            #expect(datasets.count == 2)
            // `&`, `+` and `=` in a value are data, not query syntax.
            let odd = try await client.list(try DialsFilters(.datasetIndex, ["dataset__regex": "Run2024B&?=?-Prompt.+"])).rows
            #expect(odd.count == 1)
            let models = try await client.list(try DialsFilters(.mlModelsIndex, ["active": "true", "id__in": "19,21"])).rows
            #expect(models.ints("id") == [19])
            let bad = try await client.list(try DialsFilters(.mlBadLumisection, [
                "model_id__in": "19,20", "dataset_id__in": "14677060", "page_size": "500",
            ])).rows
            #expect(!bad.isEmpty && Set(bad.ints("model_id")).isSubset(of: [19, 20]) && Set(bad.ints("dataset_id")) == [14_677_060])
            let mes = try await client.mes(try DialsFilters(.mes, ["dim": "2"]))
            #expect(mes.ints("me_id") == [7, 8, 9])
        }
    }

    @Test func filtersAreTypedAndNamedAsInCmsdials() throws {
        let typo = #expect(throws: SciError.self) { try DialsFilters(.h1d, ["ls_numbet__lte": "3"]) }
        #expect(typo?.hint?.contains("ls_number__lte") == true)
        #expect(throws: SciError.self) { try DialsFilters(.run, ["run_number": "many"]) }
        let filters = try DialsFilters(.mlModelsIndex, ["active": "yes", "id__in": "20, 19"])
        #expect(filters.queryItems.map { "\($0.name)=\($0.value)" } == ["id__in=20,19", "active=True"])
    }

    @Test func listAllWalksPagesAndStopsAtMaxPages() async throws {
        try await withDials { fixture, client, _ in
            let filters = try DialsFilters(.run, ["dataset__regex": "Run2024B", "page_size": "7"])
            let all = try await client.listAll(filters).items()
            #expect(all.ints("run_number") == Array(380_000..<380_040))
            var pages = 0
            for try await _ in client.listAll(filters) { pages += 1 }
            #expect(pages == 6)
            let two = try await client.collectAll(filters, maxPages: 2)
            #expect(two.rows.count == 14 && two.nextToken != nil)
            let rest = try await client.collectAll(filters, resumeFrom: two)
            #expect(rest.rows.ints("run_number") == all.ints("run_number") && rest.nextToken == nil)

            let empty = try await client.listAll(try DialsFilters(.run, ["run_number": "1"])).items()
            #expect(empty.isEmpty)
            let exact = try await client.listAll(try DialsFilters(.run, ["dataset_id": "14677060", "page_size": "40"])).items()
            #expect(exact.count == 40)
            #expect(fixture.requestCount == 6 + 6 + 2 + 4 + 1 + 1)
        }
    }

    @Test func retriesFaultsOnALocalDials() async throws {
        try await withDials { fixture, client, _ in
            let filters = try DialsFilters(.lumi, ["run_number__lte": "380003", "page_size": "20"])
            let expected = try await client.listAll(filters).items()
            let before = fixture.requestCount
            fixture.faults.add(.init(.unavailable, after: 1, count: 2))
            fixture.faults.add(.init(.tooManyRequests, after: 4, count: 1, retryAfterSeconds: 1))
            fixture.faults.add(.init(.drop, after: 6, count: 1))
            let rows = try await client.listAll(filters).items()
            #expect(rows == expected)
            // Every page once, and one more request for each fault: 503 twice, 429 once, a dropped body once.
            // (That `Retry-After` is waited out is SciHTTP's RetryTests' to prove; no clock is read here.)
            #expect(fixture.requestCount - before == before + 4)
        }
    }

    @Test func keepFailedReturnsRowsSoFarAndResumeEndsWithEveryRow() async throws {
        try await withDials(attempts: 2) { fixture, client, _ in
            let filters = try DialsFilters(.h1d, ["me": "JetMET/Jet/Cleanedak4PFJetsCHS/Pt", "run_number__lte": "380002", "page_size": "25"])
            let expected = try await client.listAll(filters).items()
            fixture.faults.add(.init(.serverError, after: 2, count: 2))
            let error = await thrown { _ = try await client.collectAll(filters) }
            #expect((error as? HTTPError).map { if case .status(500, _, _) = $0 { true } else { false } } == true)
            fixture.faults.add(.init(.serverError, after: 2, count: 2))
            let partial = try await client.collectAll(filters, keepFailed: true)
            #expect(partial.rows.count == 50 && partial.error?.contains("500") == true && partial.nextToken != nil)
            let whole = try await client.collectAll(filters, keepFailed: true, resumeFrom: partial)
            #expect(whole.error == nil && whole.nextToken == nil)
            #expect(whole.rows == expected)
        }
    }

    @Test func sendsTheWorkspaceAndRefusesUnknownOnes() async throws {
        try await withDials(workspace: "jetmet") { fixture, client, _ in
            _ = try await client.list(DialsFilters(.mlModelsIndex))
            #expect(fixture.lastHeaders["workspace"] == "jetmet")
            #expect(fixture.lastHeaders["accept"] == "application/json")
        }
        try await withDials(workspace: "nonsense") { _, client, _ in
            let error = await thrown { _ = try await client.list(DialsFilters(.run)) }
            #expect(SciError.from(error!).message.contains("Workspace 'nonsense' not found"))
        }
    }

    @Test func aBadTokenIsOneClearLine() async throws {
        try await withDials(credentials: DialsCredentials.bearer(Secret("wrong-token-123")), attempts: 1) { _, client, _ in
            let error = await thrown { _ = try await client.list(DialsFilters(.run)) }
            let message = SciError.from(error!)
            #expect(message.message.contains("HTTP 401") && !message.message.contains("\n"))
            #expect(!message.description.contains("wrong-token-123"))
        }
        try await withDials(credentials: DialsCredentials.clientSecret(Secret(DialsFixture.clientSecret))) { fixture, client, _ in
            let value4 = try await client.list(DialsFilters(.run)).rows.count
            #expect(value4 == 10)
            #expect(fixture.lastHeaders["x-client-secret"] == DialsFixture.clientSecret)
        }
    }

    @Test func certAndGoldenJSON() async throws {
        try await withDials { _, client, _ in
            let runs = [380_000, 380_001, 380_002, 380_003, 380_004, 380_005]
            let cert = try await client.certJSON(modelIDs: [19, 20], datasetIDs: [14_677_060], runNumbers: runs)
            let golden = try await client.goldenJSON(modelIDs: [19, 20], datasetIDs: [14_677_060], runNumbers: runs)
            guard case .object(let certRuns) = cert, case .object(let goldenRuns) = golden else { Issue.record("not objects"); return }
            #expect(Set(certRuns.keys) == Set(runs.map(String.init)))
            let bad = try await client.listAll(try DialsFilters(.mlBadLumisection, [
                "model_id__in": "19,20", "dataset_id": "14677060", "run_number__in": "380000,380001,380002,380003,380004,380005",
            ])).items()
            for run in runs {
                let flagged = Set(bad.filter { $0["run_number"] == .int(Int64(run)) }.ints("ls_number"))
                guard case .object(let perLumi)? = certRuns[String(run)] else { Issue.record("run \(run)"); continue }
                #expect(Set(perLumi.keys.compactMap { Int($0) }) == flagged)
                var good: Set<Int> = []
                if case .array(let ranges)? = goldenRuns[String(run)] {
                    for case .array(let pair) in ranges { good.formUnion(Int(pair[0].intValue!)...Int(pair[1].intValue!)) }
                }
                #expect(good.isDisjoint(with: flagged) && !good.isEmpty)
            }
        }
    }
}
