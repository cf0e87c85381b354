import Foundation
internal import CLibXML2

/// The few libxml2 conversions every file here needs: start-up, strings in and out, node walking.
enum LibXML {
    /// libxml2 must set up its globals once before any thread parses; a static `let` runs this exactly once.
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Makes sure libxml2 is initialised; cheap after the first call.
    static func start() {
        _ = initialized
    }

    /// Runs `body` with libxml2's generic error printing switched off on this thread, then switched back.
    static func quietly<Result>(_ body: () throws -> Result) rethrows -> Result {
        let saved = sci_xml_silence_thread()
        defer { sci_xml_restore_thread(saved) }
        return try body()
    }

    /// The text of a libxml2 error without its trailing newline, or nil when it has none.
    static func message(_ error: xmlError) -> String? {
        guard let text = error.message.map({ String(cString: $0) }) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A Swift string from a libxml2 string it still owns.
    static func string(_ chars: UnsafePointer<xmlChar>?) -> String? {
        chars.map { String(cString: $0) }
    }

    /// A Swift string from a string libxml2 handed over to us, which is freed here.
    static func takeString(_ chars: UnsafeMutablePointer<xmlChar>?) -> String? {
        guard let chars else { return nil }
        defer { sci_xml_free(chars) }
        return String(cString: chars)
    }

    /// Runs `body` with the string as the `xmlChar` pointer libxml2 functions take.
    static func withChars<Result>(_ string: String, _ body: (UnsafePointer<xmlChar>) throws -> Result) rethrows -> Result {
        try string.withCString { pointer in
            try pointer.withMemoryRebound(to: xmlChar.self, capacity: string.utf8.count + 1, body)
        }
    }

    /// The local name of a node (no namespace prefix).
    static func name(_ node: xmlNodePtr) -> String {
        string(node.pointee.name) ?? ""
    }

    /// The string value of a node: its text with that of all descendants, as XPath's `string()` gives it.
    static func text(_ node: xmlNodePtr) -> String {
        takeString(xmlNodeGetContent(node)) ?? ""
    }

    /// An element's attributes by name; with duplicates across namespaces the last one wins.
    static func attributes(_ node: xmlNodePtr) -> [String: String] {
        guard node.pointee.type == XML_ELEMENT_NODE else { return [:] }
        var result: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = string(current.pointee.name) ?? ""
            result[name] = takeString(xmlNodeListGetString(node.pointee.doc, current.pointee.children, 1)) ?? ""
            attribute = current.pointee.next
        }
        return result
    }

    /// One attribute's value, or nil when the element does not carry it.
    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        withChars(name) { takeString(xmlGetNoNsProp(node, $0)) }
    }

    /// The element children of a node, in document order.
    static func elements(of node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(current) }
            child = current.pointee.next
        }
        return result
    }
}
