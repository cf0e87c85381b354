public import Foundation
import SciCore

/// A VOTable as the AstrOmatic programs write it with `-WRITE_XML Y`: resources, tables, parameters and warnings.
public struct VOTable: Sendable, Hashable {
    /// The version attribute, e.g. "1.1".
    public var version: String?
    /// The human description from the DESCRIPTION child, e.g. "produced by Source Extractor".
    public var description: String?
    /// Parameters at the top level (directly or in DEFINITIONS).
    public var params: [VOTableParam]
    /// INFO elements at the top level.
    public var infos: [VOTableInfo]
    /// The top-level resources; nested ones hang below them.
    public var resources: [VOTableResource]

    /// Makes a VOTable by hand.
    public init(version: String? = nil, description: String? = nil, params: [VOTableParam] = [],
                infos: [VOTableInfo] = [], resources: [VOTableResource] = []) {
        self.version = version
        self.description = description
        self.params = params
        self.infos = infos
        self.resources = resources
    }

    /// Reads the VOTable file at `path`.
    public init(contentsOf path: String) throws {
        try self.init(document: XMLDocument(contentsOf: path))
    }

    /// Reads a VOTable from XML text; `source` names it in error messages.
    public init(string: String, source: String = "XML text") throws {
        try self.init(document: XMLDocument(string: string, source: source))
    }

    /// Reads a VOTable from XML bytes; `source` names them in error messages.
    public init(data: Data, source: String = "XML text") throws {
        try self.init(document: XMLDocument(data: data, source: source))
    }

    /// Reads the VOTable of an already parsed document; its root must be VOTABLE.
    public init(document: XMLDocument) throws {
        self = try VOTableReader.read(document)
    }

    /// Every table in the file, resource by resource: a resource's own tables before those of nested ones.
    public var allTables: [VOTableTable] {
        resources.flatMap(\.allTables)
    }

    /// The first table anywhere whose name or ID is `name`, e.g. "Extension_Data", "PSF_Fields", "Warnings".
    public func table(named name: String) -> VOTableTable? {
        for resource in resources {
            if let table = resource.table(named: name) { return table }
        }
        return nil
    }

    /// The first resource anywhere whose name or ID is `name`, e.g. "MetaData" or "Config".
    public func resource(named name: String) -> VOTableResource? {
        for resource in resources {
            if let found = resource.resource(named: name) { return found }
        }
        return nil
    }

    /// The first parameter called `name` anywhere (top level, then each resource depth first), e.g. "Command_Line".
    public func param(named name: String) -> VOTableParam? {
        if let param = params.first(where: { $0.name == name }) { return param }
        for resource in resources {
            if let param = resource.param(named: name) { return param }
        }
        return nil
    }

    /// The rows of the `Warnings` table (Date, Time, Msg); empty when the program wrote none.
    public var warnings: [VOTableWarning] {
        guard let table = table(named: "Warnings") else { return [] }
        return table.rows.map { row in
            VOTableWarning(date: row["Date"]?.plainText ?? "", time: row["Time"]?.plainText ?? "",
                           message: row["Msg"]?.plainText ?? "")
        }
    }

    /// The `Error_Msg` parameter AstrOmatic programs add only when a run failed; nil after a clean run.
    public var errorMessage: String? {
        param(named: "Error_Msg").map { $0.value.plainText }
    }
}
