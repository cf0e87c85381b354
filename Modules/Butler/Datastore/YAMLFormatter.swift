import Foundation
import SciCore
import Yams

/// Structured data as YAML, as daf_butler's `YamlFormatter`.
public struct YAMLFormatter: DatasetFormatter {
    /// daf_butler's class name.
    public var name: String { "lsst.daf.butler.formatters.yaml.YamlFormatter" }
    /// `.yaml`.
    public var fileExtension: String? { ".yaml" }

    /// A formatter.
    public init() {}

    /// Writes the object as YAML, atomically.
    public func write(_ object: DatasetObject, to path: String) throws {
        guard case .structured(let value) = object else { throw ButlerError.datastore("YAML files hold structured data") }
        let text = try Yams.serialize(node: Self.node(value))
        try AtomicFile.write(Data(text.utf8), to: path)
    }

    /// Reads a YAML file.
    public func read(from path: String) throws -> DatasetObject {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let node = try Yams.compose(yaml: text) else { return .structured(.null) }
        return .structured(Self.value(node))
    }

    static func node(_ value: JSONValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let flag): return Node(flag ? "true" : "false", Tag(.bool))
        case .int(let number): return Node(String(number), Tag(.int))
        case .uint(let number): return Node(String(number), Tag(.int))
        case .double(let number): return Node(String(number), Tag(.float))
        case .string(let text): return Node(text, Tag(.str), .doubleQuoted)
        case .array(let items): return Node(items.map(node))
        case .object(let members): return Node(members.sorted { $0.key < $1.key }.map { (Node($0.key), node($0.value)) })
        }
    }

    static func value(_ node: Node) -> JSONValue {
        switch node {
        case .scalar:
            if node.null != nil { return .null }
            if let flag = node.bool { return .bool(flag) }
            if let number = node.int { return .int(Int64(number)) }
            if let number = node.float { return .double(number) }
            return .string(node.string ?? "")
        case .sequence(let items): return .array(items.map(value))
        case .mapping(let pairs):
            var members: [String: JSONValue] = [:]
            for (key, item) in pairs { members[key.string ?? ""] = value(item) }
            return .object(members)
        case .alias: return .null
        }
    }
}
