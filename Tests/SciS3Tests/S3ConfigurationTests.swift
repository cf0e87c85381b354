import Foundation
import SciCore
@testable import SciS3
import Testing
import TestSupport

/// The settings S3 tools share: daf_butler's `S3_ENDPOINT_URL`, the AWS variables, and profiles of the credentials file.
@Suite struct S3ConfigurationTests {
    @Test func environmentVariablesComeFirst() throws {
        let configuration = try S3Configuration.fromEnvironment(
            ["S3_ENDPOINT_URL": "http://127.0.0.1:9000/", "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret-value",
             "AWS_DEFAULT_REGION": "eu-west-2", "AWS_PROFILE": "missing"],
            home: "/nonexistent")
        #expect(configuration.endpoint == "http://127.0.0.1:9000")
        #expect(configuration.region == "eu-west-2")
        #expect(configuration.credentials.accessKeyId == "AKIDENV")
        #expect(configuration.credentials.secretAccessKey.reveal() == "env-secret-value")
        #expect(!String(describing: configuration.credentials).contains("env-secret-value"))
    }

    @Test func profilesOfTheCredentialsFile() throws {
        let home = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: home.file(".aws"), withIntermediateDirectories: true)
        let file = try home.writeFile(".aws/credentials", """
            [default]
            aws_access_key_id = AKIDDEFAULT
            aws_secret_access_key = default-secret

            # the survey's key
            [survey]
            aws_access_key_id=AKIDSURVEY
            aws_secret_access_key=survey/secret+value
            aws_session_token = token-value
            """)
        chmod(file, 0o600)
        let chosen = try S3Configuration.fromEnvironment(["AWS_PROFILE": "survey"], home: home.path)
        #expect(chosen.credentials.accessKeyId == "AKIDSURVEY")
        #expect(chosen.credentials.secretAccessKey.reveal() == "survey/secret+value")
        #expect(chosen.credentials.sessionToken?.reveal() == "token-value")
        #expect(chosen.endpoint == "https://s3.us-east-1.amazonaws.com")
        #expect(try S3Configuration.fromEnvironment([:], home: home.path).credentials.accessKeyId == "AKIDDEFAULT")
        let elsewhere = try S3Configuration.fromEnvironment(["AWS_SHARED_CREDENTIALS_FILE": file, "AWS_PROFILE": "default"], home: "/nonexistent")
        #expect(elsewhere.credentials.accessKeyId == "AKIDDEFAULT")

        let missing = #expect(throws: SciError.self) { try S3Configuration.fromEnvironment(["AWS_PROFILE": "nope"], home: home.path) }
        #expect(missing?.message.contains("no profile 'nope'") == true)

        // Others may not read a file of secrets.
        chmod(file, 0o644)
        #expect(throws: FileError.self) { try S3Configuration.fromEnvironment([:], home: home.path) }
    }

    @Test func anEndpointThatIsNotHTTPIsRefused() {
        #expect(throws: SciError.self) {
            try S3Configuration.fromEnvironment(
                ["S3_ENDPOINT_URL": "s3://bucket", "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"], home: "/nonexistent")
        }
    }

    @Test func s3Locations() throws {
        let location = try S3Location("s3://survey-data/repo/raw")
        #expect(location.bucket == "survey-data" && location.key == "repo/raw")
        #expect(location.appending("a b.fits").description == "s3://survey-data/repo/raw/a b.fits")
        #expect(try S3Location("s3://survey-data").key.isEmpty)
        for bad in ["s3://", "s3://Upper/x", "s3://ab/x", "http://bucket/x", "s3://-bucket/x"] {
            #expect(throws: S3Error.self, "\(bad)") { try S3Location(bad) }
        }
    }
}
