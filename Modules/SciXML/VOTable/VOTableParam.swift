import SciCore

/// A named constant of a VOTable resource or table, such as SExtractor's `Command_Line` or `NExtensions`.
public struct VOTableParam: Sendable, Hashable {
    /// The parameter name.
    public var name: String
    /// The XML ID, when it has one.
    public var id: String?
    /// The VOTable datatype the value is decoded by.
    public var datatype: String?
    /// "*", "n", ... for array values; nil or "1" for one value.
    public var arraysize: String?
    /// The unit; nil when absent or empty.
    public var unit: String?
    /// The Unified Content Descriptor.
    public var ucd: String?
    /// The human description from the DESCRIPTION child.
    public var description: String?
    /// The value decoded by datatype, like a table cell; `.null` when the value attribute is empty.
    public var value: JSONValue
    /// The value attribute exactly as written.
    public var text: String

    /// Makes a parameter by hand; `value` defaults to `text` decoded by `datatype` and `arraysize`.
    public init(name: String, text: String, datatype: String? = nil, arraysize: String? = nil, id: String? = nil,
                unit: String? = nil, ucd: String? = nil, description: String? = nil, value: JSONValue? = nil) {
        self.name = name
        self.id = id
        self.datatype = datatype
        self.arraysize = arraysize
        self.unit = unit
        self.ucd = ucd
        self.description = description
        self.text = text
        self.value = value ?? VOTableDatatype(datatype: datatype, arraysize: arraysize).decode(text)
    }
}
