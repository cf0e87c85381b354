import Foundation
import SciCore
import TestSupport
import Testing

@testable import Henry

/// `sci henry pull` and `download` against a server that lies (TestSupport's HostileHippo): every trick is refused
/// with one line, and nothing is written outside the cache and the download folder.
@Suite struct HostileServerTests {
    /// Every file under `folder`, relative to it.
    static func files(under folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).filter {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: "\(folder)/\($0)", isDirectory: &isFolder) && !isFolder.boolValue
        }
    }

    @Test(arguments: HostileHippo.Trick.allCases)
    func eachTrickIsRefusedAndWritesNothingOutside(_ trick: HostileHippo.Trick) async throws {
        let server = try await LoopbackServer.start(HostileHippo.router())
        defer { Task { await server.stop() } }
        let root = try TemporaryDirectory("henry-hostile")
        // The cache and the download folder sit two levels down, so `../../escape` would land inside `root`.
        let cache = root.file("a/b/cache"), out = root.file("a/b/out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var settings = HenrySettings()
        settings.host = server.baseURL
        settings.caches = [cache]
        let henry = try Henry(settings: settings)
        let id = HostileHippo.id(of: trick)

        for what in ["pull", "download"] {
            // A pull writes to the object name only, a download to product name, slug and file name only.
            let refused: Bool
            switch trick {
            case .traversalObjectName, .absoluteObjectName: refused = what == "pull"
            case .traversalSlug, .traversalProductName: refused = what == "download"
            default: refused = true
            }
            do {
                if what == "pull" {
                    let product = try await henry.pullProduct(id)
                    #expect(try Data(contentsOf: URL(fileURLWithPath: try #require(product.sources.values.first?.path))) == HostileHippo.content)
                } else {
                    let folder = try await henry.downloadProduct(id, to: out)
                    #expect(folder.hasPrefix(out + "/"))
                }
                #expect(!refused, "\(trick) \(what) was accepted")
            } catch let error as SciError {
                #expect(refused, "\(trick) \(what): \(error.message)")
                #expect(!error.message.contains("\n") && !error.message.isEmpty, "\(trick) \(what): \(error.message)")
                #expect(!error.message.contains("Error("), "\(trick) \(what): \(error.message)")
            } catch {
                Issue.record("\(trick) \(what): not one clear line: \(error)")
            }
        }
        let outside = Self.files(under: root.path).filter { !$0.hasPrefix("a/b/cache/") && !$0.hasPrefix("a/b/out/") }
        #expect(outside.isEmpty, "\(trick) wrote \(outside)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/sci-hostile-0badf11e-0000-4000-8000-\(id.suffix(12))"))
        // Whatever was written holds the true bytes: nothing unverified is left where a later run would take it for the file.
        // A cut body leaves its bytes in `.part` for the next run to resume from; they are a start of the file.
        for file in Self.files(under: root.path) where !file.hasSuffix(".json") && !file.hasSuffix("cache.db") {
            let data = try Data(contentsOf: URL(fileURLWithPath: root.file(file)))
            if file.hasSuffix(".part") {
                #expect(HostileHippo.content.starts(with: data), "\(trick) left \(file)")
            } else {
                #expect(data == HostileHippo.content, "\(trick) left \(file)")
            }
        }
    }
}
