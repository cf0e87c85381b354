import Foundation
import SciCore
@testable import SciS3
import Testing
import TestSupport

/// boto3, the reference client, as the judge on the same moto: it reads what sci wrote (a multipart object and a key
/// with spaces and Unicode), and sci reads what boto3 wrote in parts of another size.
@Suite(.enabled(if: MotoServer.isInstalled, "needs moto: `make test` installs it in ~/.cache/sci/peers/s3"))
struct Boto3InteropTests {
    /// Runs Python from the s3 peer's venv with the key of `moto`; returns its standard output.
    static func python(_ script: String, _ arguments: [String], moto: MotoServer) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MotoServer.venv + "/bin/python")
        process.arguments = ["-c", script] + arguments
        // The key goes in the environment, never in the arguments a process listing shows.
        process.environment = [
            "AWS_ACCESS_KEY_ID": moto.accessKeyId, "AWS_SECRET_ACCESS_KEY": moto.secretAccessKey, "AWS_DEFAULT_REGION": "us-east-1",
            "PATH": "/usr/bin:/bin",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    @Test func boto3ReadsWhatSciWroteAndSciReadsWhatBoto3Wrote() async throws {
        let moto = try MotoServer(authenticated: true)
        let s3 = S3ClientTests.client(moto) {
            $0.multipartThreshold = 5 << 20
            $0.partSize = 5 << 20
        }
        let folder = try TemporaryDirectory()
        try await s3.createBucket("sci-interop")
        let big = try S3ClientTests.makeFile(folder, "big.bin", size: (11 << 20) + 7, seed: 11)
        try await s3.upload(file: big, to: S3Location(bucket: "sci-interop", key: "sci/big map ü.bin"))

        let script = """
            import boto3, hashlib, sys
            from boto3.s3.transfer import TransferConfig
            s3 = boto3.client("s3", endpoint_url=sys.argv[1])
            body = s3.get_object(Bucket="sci-interop", Key="sci/big map ü.bin")["Body"].read()
            print(hashlib.md5(body).hexdigest())
            config = TransferConfig(multipart_threshold=6 << 20, multipart_chunksize=6 << 20)
            s3.upload_file(sys.argv[2], "sci-interop", "boto/other parts.bin", Config=config)
            """
        let answer = try Self.python(script, [moto.endpoint, big], moto: moto)
        #expect(answer.trimmingCharacters(in: .whitespacesAndNewlines) == (try PartDigest(file: big, sha256: false)).md5Hex)

        // Parts of 6 MiB, not this client's 5: the ETag cannot be recomputed, the size still is checked.
        let object = try await s3.download(S3Location(bucket: "sci-interop", key: "boto/other parts.bin"), to: folder.file("back.bin"))
        #expect(object.etag.hasSuffix("-2"))
        #expect(FileManager.default.contentsEqual(atPath: big, andPath: folder.file("back.bin")))
    }
}
