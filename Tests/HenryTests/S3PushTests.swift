import Foundation
import SciCore
import SciS3
import TestSupport
import Testing

@testable import Henry

/// `sci henry push` to a registry whose files live in S3 (a real moto): a file up to `multipart_threshold` goes up in
/// one create-only PUT, and with the threshold at 0 in multipart parts; both come back byte-identical. The object's ETag tells which way it went: S3 writes `MD5-N` for N parts, a plain MD5 for one PUT.
@Suite(.enabled(if: MotoServer.isInstalled), .serialized)
struct S3PushTests {
    /// The ETag moto holds for the object of the product's `data` source.
    static func etag(_ henry: Henry, _ id: String, _ moto: MotoServer) async throws -> String? {
        let record = try #require(try await henry.client.files(id)["data"])
        let s3 = S3Client(configuration: S3Configuration(
            endpoint: moto.endpoint, credentials: S3Credentials(accessKeyId: moto.accessKeyId, secretAccessKey: Secret(moto.secretAccessKey))))
        let url = try #require(record.url)
        let path = try #require(URLComponents(string: url)?.path)
        return try await s3.head(S3Location(bucket: "henry-test", key: String(path.dropFirst("/henry-test/".count))))?.etag
    }

    @Test func aFileUpToTheThresholdGoesUpInOnePutAndBackIntact() async throws {
        let moto = try MotoServer()
        let registry = try await LocalRegistry(moto: moto)
        defer { Task { await registry.stop() } }
        let henry = try registry.henry()
        // One part either way: without the threshold it would be a multipart upload of one part (ETag `MD5-1`).
        let file = try registry.folder.write(bytes(2_500_000, seed: 24), to: "map.fits")
        var product = try LocalProduct(name: "Whole map", description: "one PUT", sources: ["data": LocalSource(path: file, description: "the map")])
        let id = try await henry.push(&product)
        #expect(try await Self.etag(henry, id, moto)?.contains("-") == false)
        let pulled = try #require(try await henry.pullProduct(id)["data"]?.path)
        #expect(FileManager.default.contentsEqual(atPath: pulled, andPath: file))

        // A revision's new file takes the same way.
        let replacement = try registry.folder.write(bytes(3_000_000, seed: 25), to: "map2.fits")
        var revision = try await henry.pullProduct(id, realizeSources: false).createRevision(.minor)
        try revision.set("data", path: replacement, description: "the new map")
        let revised = try await henry.push(&revision)
        #expect(try await Self.etag(henry, revised, moto)?.contains("-") == false)
        let again = try #require(try await henry.pullProduct(revised)["data"]?.path)
        #expect(FileManager.default.contentsEqual(atPath: again, andPath: replacement))
    }

    @Test func withTheThresholdAtZeroEveryFileGoesUpInParts() async throws {
        let moto = try MotoServer()
        let registry = try await LocalRegistry(moto: moto)
        defer { Task { await registry.stop() } }
        var settings = registry.settings()
        settings.multipartThreshold = 0
        let henry = try Henry(settings: settings)
        let file = try registry.folder.write(bytes(2_500_000, seed: 26), to: "parts.fits")
        var product = try LocalProduct(name: "Parted map", description: "parts", sources: ["data": LocalSource(path: file, description: "the map")])
        let id = try await henry.push(&product)
        #expect(try await Self.etag(henry, id, moto)?.hasSuffix("-1") == true)
        let pulled = try #require(try await henry.pullProduct(id)["data"]?.path)
        #expect(FileManager.default.contentsEqual(atPath: pulled, andPath: file))
    }
}
