import Dials
import Foundation
import SciCore
import SciHTTP
import Testing
import TestSupport

/// Client credentials, workspaces and the OMS proxy, against the fixture.
@Suite struct DialsServicesTests {
    func authClient(_ server: LoopbackServer) -> DialsAuthClient { DialsAuthClient(keycloakURL: server.baseURL + "/auth/") }

    @Test func clientCredentialsFetchOneTokenAndRenewItWhenSpent() async throws {
        try await withDials { fixture, _, server in
            let credentials = ClientCredentials(clientID: DialsKeycloak.clientID, secret: Secret(DialsFixture.clientSecret),
                                                authClient: authClient(server))
            let client = DialsClient(server: DialsServer(baseURL: server.baseURL), credentials: credentials)
            for _ in 0..<3 { _ = try await client.list(DialsFilters(.run)) }
            #expect(fixture.keycloak.grants == ["client_credentials"])
            #expect(fixture.lastHeaders["authorization"] == "Bearer api-access-1")
            #expect(fixture.lastHeaders["x-client-secret"] == nil)

            // A token issued with no life left is renewed before each request.
            fixture.keycloak.play(.init(accessLifetime: 0))
            let shortLived = ClientCredentials(clientID: DialsKeycloak.clientID, secret: Secret(DialsFixture.clientSecret),
                                               authClient: authClient(server))
            let again = DialsClient(server: DialsServer(baseURL: server.baseURL), credentials: shortLived)
            for _ in 0..<2 { _ = try await again.list(DialsFilters(.lumi)) }
            #expect(fixture.keycloak.grants.count == 3)
        }
    }

    @Test func aRefusedClientSecretIsOneLineNamingTheApplication() async throws {
        try await withDials { _, _, server in
            let credentials = ClientCredentials(clientID: DialsKeycloak.clientID, secret: Secret("not-the-secret-42"),
                                                authClient: authClient(server))
            let client = DialsClient(server: DialsServer(baseURL: server.baseURL), credentials: credentials)
            let error = await thrown { _ = try await client.list(DialsFilters(.run)) }
            let report = SciError.from(error!)
            #expect(report.message.contains("fixture-app") && report.message.contains("unauthorized_client"))
            #expect(!report.description.contains("not-the-secret-42") && !report.message.contains("\n"))
        }
    }

    @Test func workspacesAndTheDefaultOne() async throws {
        try await withDials { _, client, _ in
            let all = try await client.workspaces()
            guard case .array(let names)? = all["workspaces"] else { Issue.record("no list: \(all)"); return }
            #expect(names.contains(.string("tracker")) && names.contains(.string("jetmet")))
            let mine = try await client.defaultWorkspace()
            #expect(mine["workspace"] == .string("tracker"))
        }
    }

    @Test func omsQueriesFilterAndPage() async throws {
        try await withDials(runs: 40) { fixture, client, _ in
            let answer = try await client.oms("runs", filters: [OMSFilter("run_number", .greaterOrEqual, 380_010),
                                                                OMSFilter("run_number", .less, 380_030)],
                                              pages: ["offset": 5, "limit": 8])
            #expect(fixture.lastHeaders["accept"] == "application/json")
            guard case .array(let data)? = answer["data"] else { Issue.record("no data: \(answer)"); return }
            #expect(data.compactMap { $0["attributes"]?["run_number"]?.intValue } == Array(380_015...380_022))
            #expect(answer["meta"]?["totalResourceCount"] == .int(20))
            #expect(data.first?["type"] == .string("runs"))

            let lumis = try await client.oms("lumisections", filters: [OMSFilter(parsing: "run_number:eq:380001")!], pages: ["limit": 1000])
            guard case .array(let sections)? = lumis["data"] else { Issue.record("no data"); return }
            #expect(!sections.isEmpty && sections.allSatisfy { $0["attributes"]?["run_number"] == .int(380_001) })

            let like = try await client.oms("runs", filters: [OMSFilter("start_time", .like, "2024-05-01%")], pages: ["limit": 100])
            guard case .array(let firstDay)? = like["data"] else { Issue.record("no data"); return }
            #expect(firstDay.count == 10)

            let error = await thrown { _ = try await client.oms("fills?x") }
            #expect(SciError.from(error!).message.contains("404"))
            #expect(OMSFilter(parsing: "run_number>=3") == nil && OMSFilter(parsing: "a:BETWEEN:1") == nil)
        }
    }
}
