import Crypto
import Foundation
import SciCore
import SciS3

/// The parts of a repository that live in S3 besides the datasets: `butler.yaml` at a root `s3://bucket/repo` (as
/// daf_butler keeps it there), the folder marker daf_butler writes, the client made from the usual AWS settings, and
/// the local folder where ingests keep their journals.
enum S3Repository {
    /// A client from the environment: `S3_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` or a profile of
    /// `~/.aws/credentials`, `AWS_DEFAULT_REGION`.
    static func client(_ configuration: S3Configuration? = nil) throws -> S3Client {
        S3Client(configuration: try configuration ?? S3Configuration.fromEnvironment(), timeout: .seconds(30))
    }

    /// A root URI read as a location, without a trailing slash.
    static func location(_ uri: String) throws -> S3Location {
        var location = try S3Location(uri)
        while location.key.hasSuffix("/") { location.key.removeLast() }
        return location
    }

    /// The text of `butler.yaml` under `root`; nil when there is none.
    static func config(at root: S3Location, client: S3Client) throws -> String? {
        let file = root.appending("butler.yaml")
        return try BlockingBridge.run {
            do {
                guard try await client.head(file) != nil else { return nil }
                return String(decoding: try await client.data(at: file), as: UTF8.self)
            } catch { throw S3Datastore.explain(error, source: nil, destination: file) }
        }
    }

    /// Writes `butler.yaml` under `root`.
    static func writeConfig(_ text: String, at root: S3Location, client: S3Client) throws {
        let file = root.appending("butler.yaml")
        try BlockingBridge.run {
            do { try await client.put(Data(text.utf8), at: file, contentType: "application/x-yaml") } catch {
                throw S3Datastore.explain(error, source: nil, destination: file)
            }
        }
    }

    /// Removes `butler.yaml` under `root` (a creation that failed after writing it).
    static func removeConfig(at root: S3Location, client: S3Client) {
        _ = try? BlockingBridge.run { try await client.delete(root.appending("butler.yaml")) }
    }

    /// Writes the empty `prefix/` object daf_butler makes for a new root, which also proves early that the bucket
    /// exists and the key may write there.
    static func markFolder(_ root: S3Location, client: S3Client) throws {
        guard !root.key.isEmpty else { return }
        let marker = S3Location(bucket: root.bucket, key: root.key + "/")
        try BlockingBridge.run {
            do { try await client.put(Data(), at: marker) } catch { throw S3Datastore.explain(error, source: nil, destination: marker) }
        }
    }

    /// The local folder for the ingest journals of a datastore in S3 (`$XDG_STATE_HOME/sci/butler-ingest/…`): they
    /// are locked files, which only a local file system offers. An ingest killed on this machine is cleaned up the
    /// next time this machine opens the repository.
    static func journalFolder(for root: String) -> String {
        let environment = ProcessInfo.processInfo.environment
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory() + "/.local/state"
        // A digest, not the root's characters: two roots must never share a folder, or one repository's clean-up
        // would judge the other's objects by the wrong registry.
        let digest = SHA256.hash(data: Data(root.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
        return state + "/sci/butler-ingest/" + digest
    }
}
