public import SciCore

/// A named constant of a VOTable resource or table, such as SExtractor's `Command_Line` or `NExtensions`.
/// The VOTable standard defines a PARAM as a FIELD with a value, and so does this type.
public struct VOTableParam: Sendable, Hashable {
    /// Name, datatype, arraysize, unit, UCD and description, as for a column.
    public var field: VOTableField
    /// The value decoded by datatype, like a table cell; `.null` when the value attribute is empty.
    public var value: JSONValue
    /// The value attribute exactly as written.
    public var text: String

    /// The parameter name.
    public var name: String { field.name }
    /// The XML ID, when it has one.
    public var id: String? { field.id }
    /// The VOTable datatype the value is decoded by.
    public var datatype: String? { field.datatype }
    /// "*", "n", ... for array values; nil or "1" for one value.
    public var arraysize: String? { field.arraysize }
    /// The unit; nil when absent or empty.
    public var unit: String? { field.unit }
    /// The Unified Content Descriptor.
    public var ucd: String? { field.ucd }
    /// The human description from the DESCRIPTION child.
    public var description: String? { field.description }

    /// Makes a parameter; `value` defaults to `text` decoded by the field's datatype and arraysize.
    public init(field: VOTableField, text: String, value: JSONValue? = nil) {
        self.field = field
        self.text = text
        self.value = value ?? VOTableDatatype(datatype: field.datatype, arraysize: field.arraysize).decode(text)
    }

    /// Makes a parameter by hand.
    public init(name: String, text: String, datatype: String? = nil, arraysize: String? = nil, id: String? = nil,
                unit: String? = nil, ucd: String? = nil, description: String? = nil, value: JSONValue? = nil) {
        self.init(
            field: VOTableField(name: name, id: id, datatype: datatype, arraysize: arraysize, unit: unit, ucd: ucd,
                                description: description),
            text: text, value: value)
    }
}
