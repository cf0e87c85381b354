@testable import Butler
import Foundation
import Testing
import TestSupport

/// daf_butler's default template names `exposure` only through `{exposure.obs_id}`; with keys-only exposure records
/// every dataset ingested on its own must still get a file of its own.
@Suite struct TemplateFallbackTests {
    @Test func datasetsIngestedOneByOneOnKeysOnlyRecordsGetFilesOfTheirOwn() throws {
        let folder = try TemporaryDirectory()
        let butler = try Butler.create(root: folder.file("repo"))
        try butler.registry.registerDatasetType(DatasetType(name: "note", dimensions: ["instrument", "exposure"], storageClass: "Text"))
        var paths: [String] = []
        for exposure in 0..<3 {
            let file = try folder.writeFile("note\(exposure).txt", "exposure \(exposure)\n")
            let refs = try butler.ingest(
                [FileToIngest(path: file, dataId: ["instrument": "Synth", "exposure": .int(Int64(exposure))])], datasetType: "note",
                run: "notes", transfer: .copy, createRecords: true)
            paths.append(try butler.path(of: refs[0]))
        }
        #expect(Set(paths).count == 3)
        for (exposure, path) in paths.enumerated() {
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "exposure \(exposure)\n")
        }
    }
}
