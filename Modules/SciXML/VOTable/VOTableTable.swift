public import SciCore

/// A TABLE of a VOTable: its columns, parameters and typed rows.
public struct VOTableTable: Sendable, Hashable {
    /// The XML ID, e.g. "Extension_Data" or "Warnings" in AstrOmatic output.
    public var id: String?
    /// The name attribute.
    public var name: String?
    /// The human description from the DESCRIPTION child.
    public var description: String?
    /// The columns, in order.
    public var fields: [VOTableField]
    /// The table's parameters, including those inside GROUPs.
    public var params: [VOTableParam]
    /// The INFO elements inside the table.
    public var infos: [VOTableInfo]
    /// The rows of inline TABLEDATA; empty when the data are elsewhere (FITS or BINARY streams are not read).
    public var rows: [VOTableRow]

    /// Makes a table by hand; rows are decoded from text by each field's datatype, as when reading.
    public init(id: String? = nil, name: String? = nil, description: String? = nil, fields: [VOTableField],
                params: [VOTableParam] = [], infos: [VOTableInfo] = [], rows: [[String]] = []) {
        self.id = id
        self.name = name
        self.description = description
        self.fields = fields
        self.params = params
        self.infos = infos
        let index = VOTableRow.index(fields.map(\.name))
        let types = fields.map { VOTableDatatype(datatype: $0.datatype, arraysize: $0.arraysize) }
        self.rows = rows.map { texts in
            VOTableRow(cells: types.enumerated().map { position, type in
                position < texts.count ? type.decode(texts[position]) : .null
            }, columnIndex: index)
        }
    }

    /// The column names, in order.
    public var columnNames: [String] { fields.map(\.name) }

    /// Whether the table answers to `name`, by its name attribute or its ID.
    public func isNamed(_ name: String) -> Bool {
        self.name == name || id == name
    }

    /// The row at a position; traps when out of range, like an array (check `rows.isEmpty` for failed runs).
    public subscript(row position: Int) -> VOTableRow {
        rows[position]
    }

    /// Every cell of the named column, top to bottom; nil when the table has no such column.
    public func column(_ name: String) -> [JSONValue]? {
        guard let position = fields.firstIndex(where: { $0.name == name }) else { return nil }
        return rows.map { position < $0.cells.count ? $0.cells[position] : .null }
    }

    /// The named column's description, or nil.
    public func field(named name: String) -> VOTableField? {
        fields.first { $0.name == name }
    }

    /// The named parameter of this table, or nil.
    public func param(named name: String) -> VOTableParam? {
        params.first { $0.name == name }
    }
}
