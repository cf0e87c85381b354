internal import CLibXML2

/// A node an XPath query selected, copied out of the document: its name, attributes and text.
public struct XMLNode: Sendable, Hashable {
    /// What sort of node this is.
    public enum Kind: String, Sendable, Hashable {
        /// An element such as `<TABLE>`.
        case element
        /// An attribute, selected with `@name`.
        case attribute
        /// Text or CDATA, selected with `text()`.
        case text
        /// A comment, selected with `comment()`.
        case comment
        /// A processing instruction such as `<?xml-stylesheet ...?>`.
        case processingInstruction
        /// The document itself, selected with `/`.
        case document
        /// Anything else, such as a namespace declaration (prefix as name, URI as text).
        case other
    }

    /// What sort of node this is.
    public var kind: Kind
    /// The local name: the element or attribute name without prefix, "text" for text, "" for the document.
    public var name: String
    /// The namespace URI, when the node has one.
    public var namespace: String?
    /// The element's attributes by local name; empty for other kinds.
    public var attributes: [String: String]
    /// The text of the node and all its descendants (an attribute's value, a text node's content).
    public var text: String
    /// The line in the source where the node starts, when libxml2 recorded it.
    public var line: Int?
    /// An XPath that selects exactly this node, for follow-up queries such as `path + "/FIELD"`.
    public var path: String

    /// Makes a node by hand, for tests and callers building their own.
    public init(kind: Kind, name: String, namespace: String? = nil, attributes: [String: String] = [:],
                text: String = "", line: Int? = nil, path: String = "") {
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.text = text
        self.line = line
        self.path = path
    }

    /// One attribute's value, or nil when the node does not carry it.
    public subscript(attribute name: String) -> String? {
        attributes[name]
    }

    /// Copies what a caller may need out of a libxml2 node, so nothing refers to the document afterwards.
    static func copying(_ node: xmlNodePtr) -> XMLNode {
        let type = node.pointee.type
        if type == XML_NAMESPACE_DECL {
            // XPath's namespace axis hands back xmlNs records dressed as nodes; only `type` sits where a node's does.
            let declaration = UnsafeMutableRawPointer(node).assumingMemoryBound(to: xmlNs.self)
            return XMLNode(kind: .other, name: LibXML.string(declaration.pointee.prefix) ?? "",
                           text: LibXML.string(declaration.pointee.href) ?? "")
        }
        let kind: Kind
        switch type {
        case XML_ELEMENT_NODE: kind = .element
        case XML_ATTRIBUTE_NODE: kind = .attribute
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: kind = .text
        case XML_COMMENT_NODE: kind = .comment
        case XML_PI_NODE: kind = .processingInstruction
        case XML_DOCUMENT_NODE, XML_HTML_DOCUMENT_NODE: kind = .document
        default: kind = .other
        }
        let hasNamespace = type == XML_ELEMENT_NODE || type == XML_ATTRIBUTE_NODE
        let line = type == XML_ATTRIBUTE_NODE ? 0 : Int(xmlGetLineNo(node))
        return XMLNode(
            kind: kind,
            name: kind == .document ? "" : LibXML.name(node),
            namespace: hasNamespace ? LibXML.string(node.pointee.ns?.pointee.href) : nil,
            attributes: LibXML.attributes(node),
            text: LibXML.text(node),
            line: line > 0 ? line : nil,
            path: LibXML.takeString(xmlGetNodePath(node)) ?? "")
    }
}
