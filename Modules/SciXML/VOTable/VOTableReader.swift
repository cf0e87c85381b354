internal import CLibXML2

/// Builds the VOTable model by walking the libxml2 tree once.
///
/// Elements are matched by local name, so files with or without the IVOA namespace read the same; elements
/// the model has no place for (COOSYS, LINK, FIELDref, FITS and BINARY streams) are skipped, never followed.
enum VOTableReader {
    static func read(_ document: XMLDocument) throws -> VOTable {
        try document.withDocument { pointer in
            guard let root = xmlDocGetRootElement(pointer) else {
                throw XMLError.notVOTable(source: document.source, root: "")
            }
            let rootName = LibXML.name(root)
            guard rootName == "VOTABLE" else { throw XMLError.notVOTable(source: document.source, root: rootName) }
            var votable = VOTable(version: LibXML.attribute(root, "version"))
            for child in LibXML.elements(of: root) {
                switch LibXML.name(child) {
                case "DESCRIPTION": votable.description = LibXML.text(child)
                case "INFO": votable.infos.append(info(child))
                case "PARAM": votable.params.append(param(child))
                case "DEFINITIONS", "GROUP": votable.params += params(inside: child)
                case "RESOURCE": votable.resources.append(resource(child))
                default: break
                }
            }
            return votable
        }
    }

    private static func resource(_ node: xmlNodePtr) -> VOTableResource {
        var resource = VOTableResource(
            id: LibXML.attribute(node, "ID"), name: LibXML.attribute(node, "name"), type: LibXML.attribute(node, "type"))
        for child in LibXML.elements(of: node) {
            switch LibXML.name(child) {
            case "DESCRIPTION": resource.description = LibXML.text(child)
            case "INFO": resource.infos.append(info(child))
            case "PARAM": resource.params.append(param(child))
            case "GROUP": resource.params += params(inside: child)
            case "TABLE": resource.tables.append(table(child))
            case "RESOURCE": resource.resources.append(self.resource(child))
            default: break
            }
        }
        return resource
    }

    private static func table(_ node: xmlNodePtr) -> VOTableTable {
        var description: String?
        var fields: [VOTableField] = []
        var params: [VOTableParam] = []
        var infos: [VOTableInfo] = []
        var rows: [[String]] = []
        for child in LibXML.elements(of: node) {
            switch LibXML.name(child) {
            case "DESCRIPTION": description = LibXML.text(child)
            case "FIELD": fields.append(field(child))
            case "PARAM": params.append(param(child))
            case "GROUP": params += self.params(inside: child)
            case "INFO": infos.append(info(child))
            case "DATA":
                for data in LibXML.elements(of: child) {
                    switch LibXML.name(data) {
                    case "TABLEDATA": rows += tableData(data)
                    // VOTable 1.2+ allows INFO after the data, e.g. to say a result was truncated.
                    case "INFO": infos.append(info(data))
                    default: break
                    }
                }
            default: break
            }
        }
        return VOTableTable(
            id: LibXML.attribute(node, "ID"), name: LibXML.attribute(node, "name"), description: description,
            fields: fields, params: params, infos: infos, rows: rows)
    }

    private static func tableData(_ node: xmlNodePtr) -> [[String]] {
        LibXML.elements(of: node).filter { LibXML.name($0) == "TR" }.map { row in
            LibXML.elements(of: row).filter { LibXML.name($0) == "TD" }.map(LibXML.text)
        }
    }

    private static func field(_ node: xmlNodePtr) -> VOTableField {
        VOTableField(
            name: LibXML.attribute(node, "name") ?? LibXML.attribute(node, "ID") ?? "",
            id: LibXML.attribute(node, "ID"),
            datatype: LibXML.attribute(node, "datatype"),
            arraysize: LibXML.attribute(node, "arraysize"),
            unit: nonEmpty(LibXML.attribute(node, "unit")),
            ucd: LibXML.attribute(node, "ucd"),
            description: description(of: node))
    }

    private static func param(_ node: xmlNodePtr) -> VOTableParam {
        VOTableParam(field: field(node), text: LibXML.attribute(node, "value") ?? "")
    }

    /// PARAMs inside a GROUP or DEFINITIONS, however deeply grouped.
    private static func params(inside node: xmlNodePtr) -> [VOTableParam] {
        LibXML.elements(of: node).flatMap { child -> [VOTableParam] in
            switch LibXML.name(child) {
            case "PARAM": return [param(child)]
            case "GROUP": return params(inside: child)
            default: return []
            }
        }
    }

    private static func info(_ node: xmlNodePtr) -> VOTableInfo {
        VOTableInfo(
            name: LibXML.attribute(node, "name") ?? "", value: LibXML.attribute(node, "value") ?? "",
            id: LibXML.attribute(node, "ID"), text: LibXML.text(node))
    }

    private static func description(of node: xmlNodePtr) -> String? {
        LibXML.elements(of: node).first { LibXML.name($0) == "DESCRIPTION" }.map(LibXML.text)
    }

    /// SExtractor writes `unit=""` for unitless columns; that means no unit, not a unit named "".
    private static func nonEmpty(_ text: String?) -> String? {
        text?.isEmpty == false ? text : nil
    }
}
