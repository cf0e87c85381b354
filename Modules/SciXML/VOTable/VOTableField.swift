/// A column of a VOTable table: its name and how its cells are written.
public struct VOTableField: Sendable, Hashable {
    /// The column name, as look-ups use it.
    public var name: String
    /// The XML ID, when the column has one.
    public var id: String?
    /// The VOTable datatype: "int", "double", "char", "boolean", ...
    public var datatype: String?
    /// "*", "n", "n*" or "nxm..." for arrays; nil or "1" for a single value.
    public var arraysize: String?
    /// The unit, e.g. "pix", "ct", "arcsec"; nil when absent or empty.
    public var unit: String?
    /// The Unified Content Descriptor, e.g. "phot.mag;meta.main".
    public var ucd: String?
    /// The human description from the DESCRIPTION child.
    public var description: String?

    /// Makes a field by hand.
    public init(name: String, id: String? = nil, datatype: String? = nil, arraysize: String? = nil,
                unit: String? = nil, ucd: String? = nil, description: String? = nil) {
        self.name = name
        self.id = id
        self.datatype = datatype
        self.arraysize = arraysize
        self.unit = unit
        self.ucd = ucd
        self.description = description
    }
}
