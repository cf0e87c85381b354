/// A RESOURCE of a VOTable: parameters, tables and nested resources (AstrOmatic nests `MetaData` and `Config`).
public struct VOTableResource: Sendable, Hashable {
    /// The XML ID, e.g. "Source Extractor", "MetaData", "Config".
    public var id: String?
    /// The name attribute.
    public var name: String?
    /// The type attribute ("results" or "meta"), when present.
    public var type: String?
    /// The human description from the DESCRIPTION child.
    public var description: String?
    /// The resource's own parameters.
    public var params: [VOTableParam]
    /// The resource's own INFO elements.
    public var infos: [VOTableInfo]
    /// The tables directly inside this resource.
    public var tables: [VOTableTable]
    /// The resources nested directly inside this one.
    public var resources: [VOTableResource]

    /// Makes a resource by hand.
    public init(id: String? = nil, name: String? = nil, type: String? = nil, description: String? = nil,
                params: [VOTableParam] = [], infos: [VOTableInfo] = [], tables: [VOTableTable] = [],
                resources: [VOTableResource] = []) {
        self.id = id
        self.name = name
        self.type = type
        self.description = description
        self.params = params
        self.infos = infos
        self.tables = tables
        self.resources = resources
    }

    /// Whether the resource answers to `name`, by its name attribute or its ID.
    public func isNamed(_ name: String) -> Bool {
        self.name == name || id == name
    }

    /// Every table here and below: this resource's own tables first, then each nested resource's in turn.
    public var allTables: [VOTableTable] {
        tables + resources.flatMap(\.allTables)
    }

    /// The first table, here or nested, whose name or ID is `name`.
    public func table(named name: String) -> VOTableTable? {
        allTables.first { $0.isNamed(name) }
    }

    /// This resource or the first nested one whose name or ID is `name`.
    public func resource(named name: String) -> VOTableResource? {
        if isNamed(name) { return self }
        for resource in resources {
            if let found = resource.resource(named: name) { return found }
        }
        return nil
    }

    /// The first parameter called `name`: this resource's own, then its tables', then nested resources'.
    public func param(named name: String) -> VOTableParam? {
        if let param = params.first(where: { $0.name == name }) { return param }
        for table in tables {
            if let param = table.param(named: name) { return param }
        }
        for resource in resources {
            if let param = resource.param(named: name) { return param }
        }
        return nil
    }
}
