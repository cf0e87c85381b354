import Foundation
import SciCore
import SciXML
import Testing
import TestSupport

/// Bad input gives one line that names the file, the place and libxml2's reason.
@Suite struct XMLErrorTests {
    @Test func unclosedTagNamesFileAndLine() throws {
        let path = Fixture.path("unclosed-tag.xml")
        let error = try #require(throws: XMLError.self) { try XMLDocument(contentsOf: path) }
        guard case .malformed(let source, let line, _, let message) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(source == path)
        #expect(line == 10)
        #expect(message.contains("TABLE"))
        let text = error.sciError.message
        #expect(text.contains(path))
        #expect(text.contains("line 10"))
        #expect(!text.contains("\n"), "one line")
        #expect(String(describing: error) == text)
    }

    @Test func textIsNamedXMLText() throws {
        let error = try #require(throws: XMLError.self) { try XMLDocument(string: "<a>\n<b>\n</a>") }
        let text = error.sciError.message
        #expect(text.hasPrefix("malformed XML in XML text at line 3"))
        #expect(text.contains("column"))
    }

    @Test func emptyFile() throws {
        let error = try #require(throws: XMLError.self) { try XMLDocument(contentsOf: Fixture.path("empty.xml")) }
        #expect(error.sciError.message.contains("empty.xml"))
        #expect(error.sciError.message.contains("line 1"))
        #expect(error.sciError.message.contains("empty"))
        #expect(errorMessage { try XMLDocument(string: "") } == "malformed XML in XML text at line 1, column 1: Document is empty")
    }

    @Test func binaryFile() throws {
        let error = try #require(throws: XMLError.self) { try VOTable(contentsOf: Fixture.path("binary.png")) }
        guard case .malformed = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(error.sciError.message.contains("binary.png"))
    }

    @Test func missingFile() throws {
        let path = NSTemporaryDirectory() + "sci-xml-no-such-file.xml"
        let error = try #require(throws: XMLError.self) { try VOTable(contentsOf: path) }
        #expect(error == .file(.cannotOpen(path, errno: ENOENT)))
        #expect(error.sciError.message == "cannot open \(path): No such file or directory")
        #expect(SciError.from(error).message == error.sciError.message)
    }

    @Test func aFolderIsNotAFile() throws {
        let error = try #require(throws: XMLError.self) { try XMLDocument(contentsOf: NSTemporaryDirectory()) }
        guard case .file = error else {
            Issue.record("unexpected \(error)")
            return
        }
    }

    @Test func externalEntitiesAreNotLoaded() throws {
        let folder = NSTemporaryDirectory() + "sci-xml-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "secret".write(toFile: folder + "/secret.txt", atomically: true, encoding: .utf8)
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE a [<!ENTITY leak SYSTEM "file://\(folder)/secret.txt">]>
            <a>&leak;</a>
            """
        let document = try XMLDocument(string: text)
        #expect(try document.string(xpath: "/a")?.contains("secret") != true)
    }
}
