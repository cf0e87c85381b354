import Foundation
import SciCore
@testable import SciS3
import Testing

/// Presigned URLs equal boto3's `generate_presigned_url` for the same inputs: the vectors in
/// Fixtures/presigned-vectors.json were made by boto3 at a fixed time (Fixtures/make-presigned-vectors.py), with keys
/// holding spaces, reserved characters and Unicode, a multipart part, a download file name, and a PUT that may only
/// create its object (`If-None-Match: *` signed into the URL).
@Suite struct PresignedURLTests {
    struct Vectors: Decodable {
        struct Vector: Decodable {
            var endpoint: String
            var region: String
            var method: String
            var bucket: String
            var key: String
            var query: [String: String]
            /// Headers signed into the URL (boto3's `IfNoneMatch`).
            var headers: [String: String]
            var expires: Int
            var url: String
        }
        var date: String
        var accessKeyId: String
        var secretAccessKey: String
        var vectors: [Vector]
    }

    static func load() throws -> Vectors {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/presigned-vectors", withExtension: "json"))
        return try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: url))
    }

    /// The URL before `?`, and its query items (still encoded) as a set: boto3's order of items is its own.
    static func parts(_ url: String) -> (String, Set<String>) {
        let split = url.split(separator: "?", maxSplits: 1)
        return (String(split[0]), Set(split.count > 1 ? split[1].split(separator: "&").map(String.init) : []))
    }

    @Test func everyVectorEqualsBoto3() throws {
        let fixture = try Self.load()
        #expect(fixture.vectors.count == 8)
        // 2026-12-04T17:05:09Z, the time the vectors were made at.
        let date = Date(timeIntervalSince1970: 1_796_403_909)
        #expect(SignatureV4.timestamp(date) == fixture.date)
        for vector in fixture.vectors {
            let credentials = S3Credentials(accessKeyId: fixture.accessKeyId, secretAccessKey: Secret(fixture.secretAccessKey))
            let client = S3Client(configuration: S3Configuration(endpoint: vector.endpoint, region: vector.region, credentials: credentials))
            // boto3 sends a part's uploadId before its partNumber; the order does not change the signature.
            let query = vector.query.sorted { $0.key > $1.key }.map { (name: $0.key, value: $0.value) }
            let url = try client.presignedURL(
                vector.method == "PUT" ? .put : .get, S3Location(bucket: vector.bucket, key: vector.key), query: query,
                headers: vector.headers.map { (name: $0.key, value: $0.value) }, expires: vector.expires, date: date)
            let (ours, boto) = (Self.parts(url), Self.parts(vector.url))
            #expect(ours.0 == boto.0, "path of \(vector.key)")
            #expect(ours.1 == boto.1, "query of \(vector.key)")
        }
    }

    @Test func aWrongSecretGivesAnotherSignature() throws {
        let fixture = try Self.load()
        let vector = fixture.vectors[0]
        let credentials = S3Credentials(accessKeyId: fixture.accessKeyId, secretAccessKey: Secret("not-the-secret"))
        let client = S3Client(configuration: S3Configuration(endpoint: vector.endpoint, region: vector.region, credentials: credentials))
        let url = try client.presignedURL(
            .get, S3Location(bucket: vector.bucket, key: vector.key), expires: vector.expires, date: Date(timeIntervalSince1970: 1_796_403_909))
        #expect(Self.parts(url).1 != Self.parts(vector.url).1)
        #expect(!url.contains("not-the-secret"))
    }

    @Test func expiryOutsideWhatS3AcceptsIsRefused() throws {
        let client = S3Client(configuration: S3Configuration(
            endpoint: "http://127.0.0.1:9", credentials: S3Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: Secret("secret"))))
        #expect(throws: SciError.self) { try client.presignedURL(.get, S3Location(bucket: "bucket", key: "k"), expires: 0) }
        #expect(throws: SciError.self) { try client.presignedURL(.get, S3Location(bucket: "bucket", key: "k"), expires: 604_801) }
    }
}
