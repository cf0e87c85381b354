@testable import Butler
import Foundation
import Testing
import TestSupport

/// Repositories and datastores named by URIs this sci cannot serve are refused with one clear error, never taken for
/// local paths (issue 23: `create s3://bucket/repo` made a folder named `s3:`, and `datastore.root` was ignored).
@Suite struct RemoteRootTests {
    @Test func createAtAnUnknownSchemeIsRefusedAndMakesNoFolder() throws {
        #expect(throws: ButlerError.repository(
            "sci keeps a butler repository in a local folder or in S3; gs:// repositories (gs://bucket/repo) are not supported")
        ) {
            try Butler.create(root: "gs://bucket/repo")
        }
        #expect(throws: ButlerError.self) { try Butler(root: "gs://bucket/repo") }
        // Taken as a relative path, the URI made `./gs:/bucket/repo`.
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/gs:"))
        // In S3, the registry must be named elsewhere: refused before any request.
        #expect(throws: ButlerError.self) { try Butler.create(root: "s3://bucket/repo") }
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/s3:"))
    }

    @Test func aFileURIIsTheLocalFolder() throws {
        let folder = try TemporaryDirectory()
        try Butler.create(root: "file://" + folder.file("repo"))
        #expect(FileManager.default.fileExists(atPath: folder.file("repo/butler.yaml")))
        _ = try Butler(root: "file://" + folder.file("repo"))
    }

    @Test func aSeedConfigWithAnotherDatastoreRootIsRefusedBeforeAnythingIsMade() throws {
        let folder = try TemporaryDirectory()
        #expect(throws: ButlerError.invalidConfiguration(
            "datastore.root /elsewhere is not supported: sci keeps the datastore's files in the repository (<butlerRoot>) or in S3 (s3://bucket/prefix)")
        ) {
            try Butler.create(root: folder.file("repo"), seedConfig: "datastore:\n  root: /elsewhere\n")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("repo")))
        // The root sci writes itself is accepted on reading.
        try Butler.create(root: folder.file("ok"), seedConfig: "datastore:\n  root: <butlerRoot>\n")
        _ = try Butler(root: folder.file("ok"))
    }
}
