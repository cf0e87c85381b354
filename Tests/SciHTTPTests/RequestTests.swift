import Foundation
import SciCore
import SciHTTP
import Testing
import TestSupport

@Suite("Requests")
struct RequestTests {
    struct Sample: Codable, Equatable {
        var name: String
        var values: [Int]
    }

    @Test("a JSON body goes out and a typed value comes back")
    func jsonRoundTrip() async throws {
        try await withFixtureServer { server, _ in
            let client = quickClient()
            let sample: Sample = try await client.get("\(server.baseURL)/json", decoding: Sample.self)
            #expect(sample == Sample(name: "sci", values: [1, 2, 3]))

            let echoed = try await client.send(.json(.post, "\(server.baseURL)/echo", body: sample))
            let answer = try echoed.decode([String: String].self)
            #expect(answer["method"] == "POST")
            #expect(answer["contentType"] == "application/json")
            #expect(try JSONDecoder().decode(Sample.self, from: Data(answer["body"]!.utf8)) == sample)

            let put = try await client.send(HTTPRequest(.put, "\(server.baseURL)/echo", body: Data("raw".utf8)))
            #expect(try put.decode([String: String].self)["body"] == "raw")
        }
    }

    @Test("redirects are followed and the final URL is reported")
    func redirects() async throws {
        try await withFixtureServer { server, _ in
            let response = try await quickClient().send(HTTPRequest(.get, "\(server.baseURL)/redirect?to=/json"))
            #expect(response.status == 200)
            #expect(response.url.hasSuffix("/json"))
            #expect(try response.decode(Sample.self).name == "sci")
        }
    }

    @Test("4xx and 5xx answers are typed errors naming the URL and quoting the body", arguments: [400, 401, 404, 500])
    func errorStatuses(code: Int) async throws {
        try await withFixtureServer { server, _ in
            let url = "\(server.baseURL)/status/\(code)"
            let error = await httpError { _ = try await quickClient(attempts: 1).send(HTTPRequest(.get, url)) }
            #expect(error == .status(code: code, bodyExcerpt: "status \(code) body", url: url))
            let line = try #require(error).sciError.description
            #expect(line.contains("127.0.0.1") && line.contains("\(code)"))
            #expect(!line.contains("\n"))
        }
    }

    @Test("a body that does not decode names the JSON path")
    func decodingError() async throws {
        struct Wrong: Decodable { var name: Int }
        try await withFixtureServer { server, _ in
            let error = await httpError { _ = try await quickClient().get("\(server.baseURL)/json", decoding: Wrong.self) }
            guard case .decoding(let path, _, let url)? = error else { Issue.record("expected a decoding error"); return }
            #expect(path == "$.name")
            #expect(url.hasSuffix("/json"))
        }
    }

    @Test("64 concurrent requests all succeed on one client")
    func concurrentRequests() async throws {
        try await withFixtureServer { server, _ in
            let client = quickClient()
            let names = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<64 {
                    group.addTask { try await client.get("\(server.baseURL)/json", decoding: Sample.self).name }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(names.count == 64 && names.allSatisfy { $0 == "sci" })
        }
    }

    @Test("the User-Agent says sci and its version")
    func userAgent() async throws {
        try await withFixtureServer { server, _ in
            let headers = try await quickClient().get("\(server.baseURL)/headers", decoding: [String: String].self)
            #expect(headers["user-agent"] == "sci/\(SciVersion.current)")
        }
    }
}
