@testable import Butler
import Foundation
import Testing
import TestSupport

/// Repositories and datastores named by URIs this sci cannot serve yet are refused with one clear error, never taken
/// for local paths (issue 23: `create s3://bucket/repo` made a folder named `s3:`, and `datastore.root` was ignored).
@Suite struct RemoteRootTests {
    @Test func createAtAnS3URIIsRefusedAndMakesNoFolder() throws {
        #expect(throws: ButlerError.repository(
            "sci keeps a butler repository in a local folder; s3:// repositories (s3://bucket/repo) are not supported yet")
        ) {
            try Butler.create(root: "s3://bucket/repo")
        }
        #expect(throws: ButlerError.self) { try Butler(root: "s3://bucket/repo") }
        // Taken as a relative path, the URI made `./s3:/bucket/repo`.
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/s3:"))
    }

    @Test func aFileURIIsTheLocalFolder() throws {
        let folder = try TemporaryDirectory()
        try Butler.create(root: "file://" + folder.file("repo"))
        #expect(FileManager.default.fileExists(atPath: folder.file("repo/butler.yaml")))
        _ = try Butler(root: "file://" + folder.file("repo"))
    }

    @Test func aSeedConfigWithARemoteDatastoreRootIsRefusedBeforeAnythingIsMade() throws {
        let folder = try TemporaryDirectory()
        let seed = "datastore:\n  root: s3://bucket/prefix\n"
        #expect(throws: ButlerError.invalidConfiguration(
            "datastore.root s3://bucket/prefix is not supported yet: sci keeps the datastore's files in the repository folder (<butlerRoot>)")
        ) {
            try Butler.create(root: folder.file("repo"), seedConfig: seed)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("repo")))
        // The root sci writes itself is accepted on reading.
        try Butler.create(root: folder.file("ok"), seedConfig: "datastore:\n  root: <butlerRoot>\n")
        _ = try Butler(root: folder.file("ok"))
    }
}
