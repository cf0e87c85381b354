public import Foundation
import SciCore
internal import CLibXML2

/// A parsed XML document, queried with XPath; safe to share across tasks.
///
/// Parsing never touches the network and never loads external entities or DTDs.
public final class XMLDocument: @unchecked Sendable {
    // libxml2 documents are not safe for concurrent readers (XPath may cache on nodes), so every use of
    // `document` holds `lock`; that is what makes the unchecked Sendable above true.
    private let lock = NSLock()
    private let document: xmlDocPtr
    /// Where the XML came from: the file path, or "XML text" for text handed over in memory.
    public let source: String

    /// Parses the file at `path`; a missing or unreadable file gives `XMLError.file`.
    public convenience init(contentsOf path: String) throws {
        var data = Data()
        do {
            try FileBlocks.read(path: path) { data.append(contentsOf: $0) }
        } catch let error as FileError {
            throw XMLError.file(error)
        }
        try self.init(data: data, source: path)
    }

    /// Parses XML text held in memory; `source` names it in error messages.
    public convenience init(string: String, source: String = "XML text") throws {
        try self.init(data: Data(string.utf8), source: source)
    }

    /// Parses XML bytes held in memory; `source` names them in error messages.
    public init(data: Data, source: String = "XML text") throws {
        LibXML.start()
        self.source = source
        guard let context = xmlNewParserCtxt() else {
            throw XMLError.malformed(source: source, line: 1, column: nil, message: "libxml2 could not allocate a parser")
        }
        defer { xmlFreeParserCtxt(context) }
        // NONET forbids fetching anything; leaving out NOENT and DTDLOAD keeps external entities unresolved.
        // NOERROR and NOWARNING stop libxml2 printing to stderr; errors reach us through the context's own
        // handler (the first one) and its lastError (should the handler have seen none).
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NOCDATA.rawValue)
        guard data.count <= Int(Int32.max) else {
            // xmlCtxtReadMemory takes an int length; cutting the text short would report a bogus error instead.
            throw XMLError.malformed(source: source, line: 1, column: nil, message: "larger than the 2 GiB libxml2 reads at once")
        }
        let recorder = ParseErrorRecorder()
        recorder.attach(to: context)
        let parsed: xmlDocPtr? = LibXML.quietly {
            data.withUnsafeBytes { bytes in
                // An empty buffer has no base address; libxml2 still needs a pointer to say "Document is empty".
                let empty: [CChar] = [0]
                return empty.withUnsafeBufferPointer { fallback in
                    let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) ?? fallback.baseAddress!
                    return source.withCString {
                        xmlCtxtReadMemory(context, base, Int32(bytes.count), $0, nil, options)
                    }
                }
            }
        }
        guard let parsed else {
            if let first = recorder.first {
                throw XMLError.malformed(source: source, line: first.line, column: first.column, message: first.message)
            }
            throw Self.parseError(context.pointee.lastError, source: source)
        }
        document = parsed
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// The root element, or nil for a document without one.
    public var root: XMLNode? {
        withDocument { document in xmlDocGetRootElement(document).map(XMLNode.copying) }
    }

    /// The nodes an XPath expression selects, in document order; empty when it selects none.
    ///
    /// `namespaces` maps prefixes used in the expression to namespace URIs, for documents with a default
    /// namespace. An expression that yields a string, number or boolean gives no nodes; use `string(xpath:)`.
    public func nodes(xpath: String, namespaces: [String: String] = [:]) throws -> [XMLNode] {
        try evaluate(xpath, namespaces: namespaces) { result in
            guard result.pointee.type == XPATH_NODESET, let set = result.pointee.nodesetval else { return [] }
            let count = Int(set.pointee.nodeNr)
            return (0..<count).compactMap { set.pointee.nodeTab[$0].map(XMLNode.copying) }
        }
    }

    /// The string value of an XPath expression: the first selected node's text, or the expression's value
    /// (`count(//TR)`, `string(//PARAM[@name='Version']/@value)`); nil when it selects no nodes.
    public func string(xpath: String, namespaces: [String: String] = [:]) throws -> String? {
        try evaluate(xpath, namespaces: namespaces) { result in
            if result.pointee.type == XPATH_NODESET || result.pointee.type == XPATH_XSLT_TREE {
                guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0 else { return nil }
            }
            return LibXML.takeString(xmlXPathCastToString(result))
        }
    }

    /// Runs `body` on the document while holding the lock; for the readers inside this module.
    func withDocument<Result>(_ body: (xmlDocPtr) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(document)
    }

    private func evaluate<Result>(
        _ expression: String, namespaces: [String: String], _ body: (xmlXPathObjectPtr) -> Result
    ) throws -> Result {
        try withDocument { document in
            guard let context = xmlXPathNewContext(document) else {
                throw XMLError.invalidXPath(expression: expression, message: "libxml2 could not allocate an XPath context", position: nil)
            }
            defer { xmlXPathFreeContext(context) }
            // A handler of our own keeps libxml2 from printing XPath errors; the error stays in lastError.
            context.pointee.error = { _, _ in }
            for (prefix, uri) in namespaces {
                _ = LibXML.withChars(prefix) { prefix in LibXML.withChars(uri) { xmlXPathRegisterNs(context, prefix, $0) } }
            }
            let result = LibXML.quietly { LibXML.withChars(expression) { xmlXPathEval($0, context) } }
            guard let result else {
                throw Self.xpathError(context.pointee.lastError, expression: expression)
            }
            defer { xmlXPathFreeObject(result) }
            return body(result)
        }
    }

    private static func parseError(_ error: xmlError, source: String) -> XMLError {
        let message = LibXML.message(error) ?? "libxml2 gave no reason (error \(error.code))"
        // For parser errors libxml2 keeps the column in int2; 0 means it did not know.
        return .malformed(source: source, line: Int(max(error.line, 1)), column: error.int2 > 0 ? Int(error.int2) : nil,
                          message: message)
    }

    private static func xpathError(_ error: xmlError, expression: String) -> XMLError {
        // With our own handler libxml2 fills in only the code and position, not the text, so the text comes
        // from the same table libxml2 prints from (xpath.c, xmlXPathErrorMessages).
        let index = Int(error.code) - Int(XML_XPATH_EXPRESSION_OK.rawValue)
        let message = xpathMessages.indices.contains(index) && index > 0 ? xpathMessages[index] : "evaluation failed"
        let position = error.str1 != nil ? Int(error.int1) + 1 : nil
        return .invalidXPath(expression: expression, message: message, position: position)
    }

    private static let xpathMessages = [
        "Ok", "Number encoding", "Unfinished literal", "Start of literal", "Expected $ for variable reference",
        "Undefined variable", "Invalid predicate", "Invalid expression", "Missing closing curly brace",
        "Unregistered function", "Invalid operand", "Invalid type", "Invalid number of arguments",
        "Invalid context size", "Invalid context position", "Memory allocation error", "Syntax error",
        "Resource error", "Sub resource error", "Undefined namespace prefix", "Encoding error",
        "Char out of XML range", "Invalid or incomplete context", "Stack usage error", "Forbidden variable",
        "Operation limit exceeded", "Recursion limit exceeded",
    ]
}
