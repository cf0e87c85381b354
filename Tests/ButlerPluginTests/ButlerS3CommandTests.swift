import Foundation
import SciCore
import SciS3
import Testing
import TestSupport

/// `sci butler` with its files in S3, as users run it: the built executable against a real local S3 (moto, checking
/// signatures), configured only through the usual AWS settings. Every failure to reach the store is one `error:` line
/// and one `hint:` line, and the secret key is never printed.
@Suite(.enabled(if: MotoServer.isInstalled, "needs moto: `make test` installs it in ~/.cache/sci/peers/s3"))
struct ButlerS3CommandTests {
    /// The AWS settings for `moto` with `secret`; no profile file is read unless the test names one.
    static func environment(_ moto: MotoServer, secret: String? = nil, scratch: TemporaryDirectory) -> [String: String] {
        [
            "S3_ENDPOINT_URL": moto.endpoint, "AWS_ACCESS_KEY_ID": moto.accessKeyId, "AWS_SECRET_ACCESS_KEY": secret ?? moto.secretAccessKey,
            "AWS_DEFAULT_REGION": "us-east-1", "AWS_PROFILE": "", "AWS_SHARED_CREDENTIALS_FILE": scratch.file("no-credentials"),
            "XDG_STATE_HOME": scratch.file("state"),
        ]
    }

    static func makeBucket(_ moto: MotoServer, _ name: String) async throws {
        let client = S3Client(configuration: S3Configuration(
            endpoint: moto.endpoint, credentials: S3Credentials(accessKeyId: moto.accessKeyId, secretAccessKey: Secret(moto.secretAccessKey))))
        try await client.createBucket(name)
    }

    /// A seed config whose registry is a local file of `folder`, for a repository at an s3:// root.
    static func seed(_ folder: TemporaryDirectory) throws -> String {
        try folder.writeFile("seed.yaml", ButlerCommandTests.seed + "\nregistry:\n  db: sqlite:///\(folder.file("gen3.sqlite3"))\n")
    }

    @Test func aRepositoryInS3ThroughTheCommandLine() async throws {
        let moto = try MotoServer(authenticated: true)
        defer { moto.stop() }
        try await Self.makeBucket(moto, "lab")
        let folder = try TemporaryDirectory()
        let environment = Self.environment(moto, scratch: folder)
        func sci(_ arguments: [String]) throws -> SciProcess.Result {
            let result = try SciProcess.run(arguments, environment: environment)
            #expect(result.status == 0, "sci \(arguments.joined(separator: " ")): \(result.stderr)")
            #expect(!result.stdout.contains(moto.secretAccessKey) && !result.stderr.contains(moto.secretAccessKey))
            return result
        }
        let repo = "s3://lab/repo"
        _ = try sci(["butler", "create", repo, "--seed-config", try Self.seed(folder),
                     "--dimension-config", try folder.writeFile("dims.yaml", ButlerCommandTests.dimensions)])
        _ = try sci(["butler", "register-dataset-type", repo, "spx_image", "Text", "instrument", "observation", "detector"])
        try FileManager.default.createDirectory(atPath: folder.file("in"), withIntermediateDirectories: true)
        for observation in 1...3 {
            for detector in 1...2 { try folder.writeFile("in/in_\(observation)_\(detector).txt", "in \(observation) \(detector)\n") }
        }
        let ingested = try sci(ButlerCommandTests.ingestArguments(repo, folder.file("in"), run: "r", transfer: "auto"))
        #expect(ingested.stdout.split(separator: "\n").count == 6)
        let uris = try sci(["butler", "query-datasets", repo, "spx_image", "--collections", "r", "--show-uri", "--format", "csv",
                            "--where", "instrument='SPHEREx' AND detector = 2"])
        #expect(uris.stdout.contains("s3://lab/repo/r/spx_image/3/spx_image_SPHEREx_3_2_r.txt"))
        #expect(uris.stdout.split(separator: "\n").count == 4)
        _ = try sci(["butler", "retrieve-artifacts", repo, folder.file("out"), "--dataset-type", "spx_image", "--collections", "r"])
        #expect(try String(contentsOfFile: folder.file("out/r/spx_image/2/spx_image_SPHEREx_2_1_r.txt"), encoding: .utf8) == "in 2 1\n")
        _ = try sci(["butler", "remove-runs", repo, "r", "--no-confirm"])
        #expect(try String(contentsOfFile: folder.file("in/in_1_1.txt"), encoding: .utf8) == "in 1 1\n")

        // A profile of a credentials file (mode 0600) works as the variables do; a world-readable one is refused.
        let credentials = try folder.writeFile("credentials", "[lab]\naws_access_key_id = \(moto.accessKeyId)\naws_secret_access_key = \(moto.secretAccessKey)\n")
        chmod(credentials, 0o600)
        var profile = environment
        profile["AWS_ACCESS_KEY_ID"] = ""
        profile["AWS_SECRET_ACCESS_KEY"] = ""
        profile["AWS_PROFILE"] = "lab"
        profile["AWS_SHARED_CREDENTIALS_FILE"] = credentials
        let listed = try SciProcess.run(["butler", "query-collections", repo, "--format", "csv"], environment: profile)
        #expect(listed.status == 0, "\(listed.stderr)")
        chmod(credentials, 0o644)
        let refused = try SciProcess.run(["butler", "query-collections", repo], environment: profile)
        #expect(refused.status == 1 && refused.stderrLines.first?.hasPrefix("error: ") == true && refused.stderrLines.count == 2)
        #expect(!refused.stderr.contains(moto.secretAccessKey))
    }

    /// Runs `sci butler create` of a local repository whose datastore is `s3://BUCKET/data` and returns what it printed
    /// on standard error; it must fail with exactly an `error:` line and a `hint:` line.
    static func failingCreate(_ folder: TemporaryDirectory, bucket: String, environment: [String: String]) throws -> [String] {
        let seed = try folder.writeFile("seed-\(bucket).yaml", "datastore:\n  root: s3://\(bucket)/data\n")
        let result = try SciProcess.run(["butler", "create", folder.file("repo-\(bucket)"), "--seed-config", seed], environment: environment)
        #expect(result.status == 1)
        #expect(result.stderrLines.count == 2 && result.stderrLines.first?.hasPrefix("error: ") == true
            && result.stderrLines.last?.hasPrefix("hint: ") == true, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("repo-\(bucket)")))
        return result.stderrLines
    }

    @Test func everyWayOfNotReachingTheStoreIsOneErrorWithAHint() async throws {
        let moto = try MotoServer(authenticated: true)
        defer { moto.stop() }
        try await Self.makeBucket(moto, "lab")
        let folder = try TemporaryDirectory()

        // No credentials at all.
        var none = Self.environment(moto, scratch: folder)
        none["AWS_ACCESS_KEY_ID"] = ""
        none["AWS_SECRET_ACCESS_KEY"] = ""
        let missing = try Self.failingCreate(folder, bucket: "lab", environment: none)
        #expect(missing[0].hasPrefix("error: no S3 credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"))

        // A wrong secret: the server refuses the signature; neither secret is printed.
        let wrongSecret = "wrong-secret-never-to-be-printed"
        let wrong = try Self.failingCreate(folder, bucket: "lab", environment: Self.environment(moto, secret: wrongSecret, scratch: folder))
        #expect(wrong[0].contains("SignatureDoesNotMatch"))
        #expect(wrong[1] == "hint: the secret key is wrong: check AWS_SECRET_ACCESS_KEY or the profile's aws_secret_access_key")
        #expect(!wrong.joined().contains(wrongSecret) && !wrong.joined().contains(moto.secretAccessKey))

        // A bucket that does not exist.
        let noBucket = try Self.failingCreate(folder, bucket: "no-such-bucket", environment: Self.environment(moto, scratch: folder))
        #expect(noBucket[0].contains("NoSuchBucket"))
        #expect(noBucket[1] == "hint: create the bucket first, or check the name and S3_ENDPOINT_URL")

        // An endpoint where nothing listens (retried, then given up).
        var unreachable = Self.environment(moto, scratch: folder)
        let closed = 1  // tcpmux: nothing listens there
        unreachable["S3_ENDPOINT_URL"] = "http://127.0.0.1:\(closed)"
        let away = try Self.failingCreate(folder, bucket: "lab", environment: unreachable)
        #expect(away[0].hasPrefix("error: cannot connect to http://127.0.0.1:\(closed)/"))
        #expect(away[1] == "hint: is the S3 store running, and does S3_ENDPOINT_URL name it?")
    }
}
