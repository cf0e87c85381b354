import SciCore
import SciXML
import Testing
import TestSupport

/// Plain XML and XPath, for modules that read XML other than VOTables.
@Suite struct XMLDocumentTests {
    @Test func nodesWithNameAttributesAndText() throws {
        let document = try XMLDocument(contentsOf: Fixture.path("source-extractor.xml"))
        let params = try document.nodes(xpath: "//RESOURCE[@ID='MetaData']/PARAM")
        let software = try #require(params.first)
        #expect(software.kind == .element)
        #expect(software.name == "PARAM")
        #expect(software[attribute: "name"] == "Software")
        #expect(software.attributes["value"] == "Source Extractor")
        #expect(software.line != nil)
        #expect(software.path.hasPrefix("/VOTABLE/RESOURCE"))
        let again = try document.nodes(xpath: software.path)
        #expect(again == [software], "a node's path selects exactly that node")
        #expect(try document.nodes(xpath: "//FIELD[@name='NDetect']").count == 1)
        #expect(try document.nodes(xpath: "//NOPE").isEmpty)
    }

    @Test func stringValues() throws {
        let document = try XMLDocument(contentsOf: Fixture.path("source-extractor.xml"))
        #expect(try document.string(xpath: "//PARAM[@name='Version']/@value") == "2.25.0")
        #expect(try document.string(xpath: "/VOTABLE/DESCRIPTION") == "produced by Source Extractor")
        #expect(try document.string(xpath: "count(//TABLE)") == "3")
        #expect(try document.string(xpath: "//TABLE[@ID='Extension_Data']//TR/TD[6]") == "38")
        #expect(try document.string(xpath: "//PARAM[@name='Nope']/@value") == nil)
        #expect(try document.string(xpath: "string(//PARAM[@name='Nope']/@value)") == "")
        #expect(document.source.hasSuffix("source-extractor.xml"))
    }

    @Test func attributeAndTextNodes() throws {
        let document = try XMLDocument(string: "<a x='1'><b>one</b><b>two &amp; three</b><!--c--></a>")
        let attribute = try #require(try document.nodes(xpath: "/a/@x").first)
        #expect(attribute.kind == .attribute)
        #expect(attribute.name == "x")
        #expect(attribute.text == "1")
        #expect(try document.nodes(xpath: "//b/text()").map(\.text) == ["one", "two & three"])
        #expect(try document.nodes(xpath: "//b/text()").first?.kind == .text)
        #expect(try document.nodes(xpath: "//comment()").first?.kind == .comment)
        #expect(try document.nodes(xpath: "/a").first?.text == "onetwo & three")
        #expect(try document.nodes(xpath: "count(//b)").isEmpty, "a number selects no nodes")
        #expect(document.root?.name == "a")
        #expect(document.source == "XML text")
    }

    @Test func defaultNamespaceNeedsAPrefix() throws {
        let document = try XMLDocument(contentsOf: Fixture.path("hand-written.xml"))
        #expect(try document.nodes(xpath: "//TABLE").isEmpty, "XPath 1.0 names without a prefix mean no namespace")
        let namespaces = ["v": "http://www.ivoa.net/xml/VOTable/v1.3"]
        let tables = try document.nodes(xpath: "//v:TABLE", namespaces: namespaces)
        #expect(tables.map { $0.attributes["name"] } == ["stars", "empty", "Warnings"])
        #expect(tables.first?.namespace == "http://www.ivoa.net/xml/VOTable/v1.3")
        #expect(try document.nodes(xpath: "//*[local-name()='TABLE']").count == 3)
        #expect(try document.nodes(xpath: "/v:VOTABLE/namespace::*", namespaces: namespaces).map(\.text)
            .contains("http://www.ivoa.net/xml/VOTable/v1.3"))
    }

    @Test func invalidXPathIsAnError() throws {
        let document = try XMLDocument(string: "<a/>")
        let error = try #require(throws: XMLError.self) { try document.nodes(xpath: "//a[") }
        guard case .invalidXPath(let expression, let message, _) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(expression == "//a[")
        #expect(!message.isEmpty)
        #expect(error.sciError.message.contains("//a["))
        let prefix = try #require(throws: XMLError.self) { try document.string(xpath: "//x:a") }
        #expect(prefix.sciError.message.contains("Undefined namespace prefix"))
        #expect(errorMessage { try document.nodes(xpath: "nosuchfunction()") } == #"invalid XPath expression "nosuchfunction()": Unregistered function at character 17"#)
    }

    @Test func sharedAcrossTasks() async throws {
        let document = try XMLDocument(contentsOf: Fixture.path("psfex.xml"))
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { try document.nodes(xpath: "//FIELD").count }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(counts).count == 1)
        #expect(counts.first ?? 0 > 0)
    }
}
