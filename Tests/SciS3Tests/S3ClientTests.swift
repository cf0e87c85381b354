import Foundation
import SciCore
import SciHTTP
@testable import SciS3
import Testing
import TestSupport

/// The client against a real local S3 (moto_server, started per test and stopped by pid).
@Suite(.enabled(if: MotoServer.isInstalled, "needs moto: `make test` installs it in ~/.cache/sci/peers/s3"))
struct S3ClientTests {
    static func client(_ moto: MotoServer, secret: String? = nil, configure: (inout S3Configuration) -> Void = { _ in }) -> S3Client {
        var configuration = S3Configuration(
            endpoint: moto.endpoint,
            credentials: S3Credentials(accessKeyId: moto.accessKeyId, secretAccessKey: Secret(secret ?? moto.secretAccessKey)))
        configure(&configuration)
        return S3Client(configuration: configuration)
    }

    /// A file of `size` bytes from a fixed seed.
    static func makeFile(_ folder: TemporaryDirectory, _ name: String, size: Int, seed: UInt64) throws -> String {
        var random = SeededRandom(seed: seed)
        var bytes = [UInt8](repeating: 0, count: size)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: random.next()) }
        return try folder.write(Data(bytes), to: name)
    }

    @Test func putHeadGetListAndDeleteWithAwkwardKeys() async throws {
        let moto = try MotoServer()
        let s3 = Self.client(moto)
        let folder = try TemporaryDirectory()
        try await s3.createBucket("sci-test")
        try await s3.createBucket("sci-test")  // owning it already is fine
        let keys = ["repo/a dir/with spaces & plus+.txt", "repo/données/ébauche – Ω/星.fits", "repo/~tilde/a=b;c,d@e$f!g'h(i)*j"]
        for (index, key) in keys.enumerated() {
            let path = try Self.makeFile(folder, "in\(index)", size: 1000 + index, seed: UInt64(index))
            let stored = try await s3.upload(file: path, to: S3Location(bucket: "sci-test", key: key))
            #expect(stored.size == Int64(1000 + index))
            let head = try #require(try await s3.head(S3Location(bucket: "sci-test", key: key)))
            #expect(head.etag == stored.etag && head.size == stored.size)
            _ = try await s3.download(S3Location(bucket: "sci-test", key: key), to: folder.file("out\(index)"))
            #expect(FileManager.default.contentsEqual(atPath: path, andPath: folder.file("out\(index)")))
        }
        try await s3.put(Data("hello".utf8), at: S3Location(bucket: "sci-test", key: "other/hello.txt"))
        #expect(try await s3.data(at: S3Location(bucket: "sci-test", key: "other/hello.txt")) == Data("hello".utf8))

        // Presigned URLs reach the right objects with a client that holds no key: a PUT, then a GET with a file name.
        let plain = HTTPClient()
        let put = try s3.presignedURL(.put, S3Location(bucket: "sci-test", key: "shared/cmb map ü.txt"), expires: 600)
        _ = try await plain.send(HTTPRequest(.put, put, headers: ["Content-Type": "text/plain"], body: Data("presigned".utf8)))
        let get = try s3.presignedURL(
            .get, S3Location(bucket: "sci-test", key: "shared/cmb map ü.txt"),
            query: [("response-content-disposition", "attachment; filename=\"cmb map ü.txt\"")], expires: 600)
        let answer = try await plain.send(HTTPRequest(.get, get))
        #expect(answer.body == Data("presigned".utf8))
        try await s3.delete(S3Location(bucket: "sci-test", key: "shared/cmb map ü.txt"))

        // Two keys per page: the continuation tokens are followed to the end.
        let listed = try await s3.list(S3Location(bucket: "sci-test", key: "repo/"), pageSize: 2)
        #expect(listed.map(\.key) == keys.sorted())
        #expect(try await s3.list(S3Location(bucket: "sci-test", key: "")).count == 4)

        try await s3.delete(S3Location(bucket: "sci-test", key: keys[0]))
        try await s3.delete(S3Location(bucket: "sci-test", key: keys[0]))  // already gone is fine
        #expect(try await s3.head(S3Location(bucket: "sci-test", key: keys[0])) == nil)
        let missing = await #expect(throws: S3Error.self) {
            try await s3.download(S3Location(bucket: "sci-test", key: keys[0]), to: folder.file("gone"))
        }
        #expect(missing?.sciError.message.contains("NoSuchKey") == true)
        #expect(!FileManager.default.fileExists(atPath: folder.file("gone")))
        let noBucket = await #expect(throws: S3Error.self) { try await s3.list(S3Location(bucket: "no-such-bucket", key: "")) }
        #expect(noBucket.map { if case .service(code: "NoSuchBucket", _, _, _) = $0 { true } else { false } } == true)
    }

    @Test func largeFilesTravelInParallelPartsAndComeBackIdentical() async throws {
        let moto = try MotoServer()
        let s3 = Self.client(moto) {
            $0.multipartThreshold = 5 << 20
            $0.partSize = 5 << 20
            $0.parallelParts = 3
        }
        let folder = try TemporaryDirectory()
        try await s3.createBucket("sci-big")
        let size = (12 << 20) + 12_345
        let path = try Self.makeFile(folder, "big.bin", size: size, seed: 42)
        let location = S3Location(bucket: "sci-big", key: "maps/big map.bin")
        let stored = try await s3.upload(file: path, to: location)
        #expect(stored.etag.hasSuffix("-3"))
        #expect(try await s3.head(location)?.etag == stored.etag)
        let back = try await s3.download(location, to: folder.file("back.bin"))
        #expect(back.size == Int64(size))
        #expect(FileManager.default.contentsEqual(atPath: path, andPath: folder.file("back.bin")))
        // No upload is left open to hold parts.
        let uploads = try await s3.http.send(HTTPRequest(.get, s3.url(S3Location(bucket: "sci-big", key: ""), query: [("uploads", "")]))).text
        #expect(!uploads.contains("<UploadId>"))
    }

    @Test func aClientWithNoKeyUploadsPartsThroughPresignedURLs() async throws {
        let moto = try MotoServer()
        let s3 = Self.client(moto)
        let folder = try TemporaryDirectory()
        try await s3.createBucket("sci-presigned")
        let size: Int64 = (10 << 20) + 99
        let path = try Self.makeFile(folder, "map.fits", size: Int(size), seed: 24)
        let location = S3Location(bucket: "sci-presigned", key: "maps/cmb map ü.fits")
        let uploadId = try await s3.startMultipartUpload(location)
        let plain = HTTPClient()
        var parts: [(number: Int, etag: String)] = []
        for (index, range) in [Int64(0)..<(5 << 20), (5 << 20)..<size].enumerated() {
            let url = try s3.presignedURL(
                .put, location, query: [("uploadId", uploadId), ("partNumber", String(index + 1))], expires: 600)
            let answer = try await plain.upload(file: path, range: range, to: HTTPRequest(.put, url))
            parts.append((index + 1, try #require(answer.headers["ETag"])))
        }
        let etag = try await s3.completeMultipartUpload(location, uploadId: uploadId, parts: parts)
        #expect(etag.hasSuffix("-2"))
        try await s3.download(location, to: folder.file("back.fits"))
        #expect(FileManager.default.contentsEqual(atPath: path, andPath: folder.file("back.fits")))

        // An abandoned upload leaves nothing behind.
        let abandoned = try await s3.startMultipartUpload(S3Location(bucket: "sci-presigned", key: "gone"))
        try await s3.abortMultipartUpload(S3Location(bucket: "sci-presigned", key: "gone"), uploadId: abandoned)
        #expect(try await s3.list(S3Location(bucket: "sci-presigned", key: "gone")).isEmpty)
    }

    @Test func signaturesAreCheckedAndAWrongSecretFailsWithoutShowingIt() async throws {
        let moto = try MotoServer(authenticated: true)
        let s3 = Self.client(moto)
        try await s3.createBucket("sci-auth")
        try await s3.put(Data("signed".utf8), at: S3Location(bucket: "sci-auth", key: "a b/ü.txt"))
        #expect(try await s3.data(at: S3Location(bucket: "sci-auth", key: "a b/ü.txt")) == Data("signed".utf8))

        let wrongSecret = "wrong-secret-value-123456"
        let wrong = Self.client(moto, secret: wrongSecret)
        let error = await #expect(throws: S3Error.self) {
            try await wrong.put(Data("x".utf8), at: S3Location(bucket: "sci-auth", key: "x"))
        }
        let shown = error?.sciError.description ?? ""
        #expect(shown.contains("SignatureDoesNotMatch"))
        #expect(!shown.contains(wrongSecret) && !shown.contains(moto.secretAccessKey))
        // moto answers 500 to every presigned URL once it checks signatures (boto3's too), so presigned URLs are
        // checked against boto3's own (PresignedURLTests) and used on moto without checks (the test above).
    }
}
