import Foundation
import SciCore
import TestSupport
import Testing

@testable import Henry

/// Pulls that used to fail or take the server down (issue 19): a `.part` already whole, several pulls of one product
/// into one cache at once, and an expired soauth access token.
@Suite struct PullRegressionTests {
    @Test func aWholePartFileIsFinishedNotRefetchedAndTheServerStaysUp() async throws {
        let registry = try await LocalRegistry()
        defer { Task { await registry.stop() } }
        let henry = try registry.henry()
        let data = bytes(70_000, seed: 5)
        var product = try LocalProduct(name: "whole part", description: "a part file already whole", metadata: .simple)
        try product.set("data", LocalSource(path: try registry.folder.write(data, to: "whole.bin"), description: "bytes"))
        let id = try await henry.push(&product)
        let file = try #require(await henry.client.files(id)["data"])
        // A run killed between the last byte and the rename: the whole file sits in `.part`.
        let path = "\(registry.folder.file("cache"))/\(file.cachePath)"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path + ".part"))
        let pulled = try await henry.pullProduct(id)
        #expect(pulled["data"]?.path == path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == data)
        #expect(!FileManager.default.fileExists(atPath: path + ".part"))
        // The server answered the `Range: bytes=70000-` with 416 and is still serving.
        #expect(try await henry.client.product(id).name == "whole part")
        // A `.part` longer than the file, or with other bytes, is fetched again.
        _ = try henry.cache.clear()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try (data + Data([1, 2, 3])).write(to: URL(fileURLWithPath: path + ".part"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: try #require(try await henry.pullProduct(id)["data"]?.path))) == data)
    }

    @Test func concurrentPullsOfOneProductIntoOneCacheAllSucceed() async throws {
        let registry = try await LocalRegistry()
        defer { Task { await registry.stop() } }
        let henry = try registry.henry()
        var product = try LocalProduct(name: "shared", description: "pulled by many at once", metadata: .simple)
        try product.set("data", LocalSource(path: try registry.folder.write(bytes(3 << 20, seed: 9), to: "shared.bin"), description: "bytes"))
        let id = try await henry.push(&product)
        for _ in 0..<3 {
            _ = try henry.cache.clear()
            // Separate clients, as separate processes would be; the cache folder is the same.
            let paths = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<6 { group.addTask { try await registry.henry().pullProduct(id)["data"]?.path } }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(Set(paths).count == 1)
            let path = try #require(paths.first ?? nil as String?)
            #expect(try Checksum.xxh64(ofFileAt: path) == Checksum.xxh64(of: bytes(3 << 20, seed: 9)))
            #expect(try henry.cache.entries().count == 1)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
            #expect(leftovers == ["shared.bin"], "\(leftovers)")
        }
    }

    @Test func anExpiredSOAuthAccessTokenIsRenewedWithTheRefreshToken() async throws {
        let registry = try await LocalRegistry()
        defer { Task { await registry.stop() } }
        let exchanges = RequestLog()
        let identity = try await SOAuthIdentityFixture.start(access: registry.key, log: exchanges)
        defer { Task { await identity.stop() } }
        let tokens = try registry.folder.writeFile(
            "soauth-hippo", #"{"access_token": "stale", "refresh_token": "rt-0", "access_token_expires": "2020-01-01T00:00:00.000000Z"}"#)
        chmod(tokens, 0o600)
        var settings = registry.settings()
        settings.apiKey = nil
        settings.soauth = SOAuthTokens(file: tokens, identityServer: identity.baseURL)
        let henry = try Henry(settings: settings)
        #expect(try await henry.client.searchProducts("anything").isEmpty)
        #expect(try await henry.client.searchProducts("again").isEmpty)
        // One exchange; the new pair is on disk, owner-only, and the spent refresh token is gone.
        #expect(exchanges.requests("exchange").count == 1)
        let stored = try JSONValue(parsing: try Data(contentsOf: URL(fileURLWithPath: tokens)))
        #expect(stored["refresh_token"] == "rt-1" && stored["access_token"]?.stringValue == registry.key)
        var info = stat()
        #expect(stat(tokens, &info) == 0 && info.st_mode & 0o777 == 0o600)

        // A refresh token the identity server refuses: one line saying so, and what to do.
        _ = try registry.folder.writeFile("soauth-spent", #"{"access_token": null, "refresh_token": "rt-9"}"#)
        chmod(registry.folder.file("soauth-spent"), 0o600)
        settings.soauth = SOAuthTokens(file: registry.folder.file("soauth-spent"), identityServer: identity.baseURL)
        let refused = await #expect(throws: SciError.self) { try await Henry(settings: settings).client.searchProducts("x") }
        #expect(refused?.message.contains("refused to renew") == true && refused?.message.contains("already used") == true, "\(String(describing: refused))")
        #expect(refused?.hint?.contains("soauth register") == true)
    }

    @Test func soauthDatesParseAsPydanticWritesThem() {
        #expect(SOAuthTokens.date("2026-01-02T03:04:05.250000Z")?.timeIntervalSince1970 == 1_767_323_045.25)
        #expect(SOAuthTokens.date("2026-01-02T03:04:05+01:00")?.timeIntervalSince1970 == 1_767_319_445)
        #expect(SOAuthTokens.date("2026-01-02T03:04:05")?.timeIntervalSince1970 == 1_767_323_045)
        #expect(SOAuthTokens.date("yesterday") == nil && SOAuthTokens.date("2026-13-02T03:04:05") == nil)
    }
}
