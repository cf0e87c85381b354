import SciCore
import Tiled

/// How a node is shown in listings.
enum NodeRow {
    static let columns = ["key", "family", "specs", "shape", "path"]

    static func row(_ node: Node) -> [String: JSONValue] {
        var shape: JSONValue = .null
        if let array = node.arrayStructure {
            shape = .string(array.shape.map(String.init).joined(separator: "×") + " " + array.dataType.name)
        } else if let table = node.tableStructure {
            shape = .string("\(table.columns.count) columns")
        } else if let count = node.childCount {
            shape = .string("\(count) items")
        }
        return [
            "key": .string(node.key), "family": .string(node.structureFamily),
            "specs": .string(node.specs.joined(separator: ",")), "shape": shape, "path": .string(node.path),
        ]
    }
}
