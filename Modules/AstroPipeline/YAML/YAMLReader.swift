import Yams

/// Reads a pipeline's YAML nodes into plain values, naming the file, line and column of anything wrong.
struct YAMLReader {
    /// The file's name as the user gave it.
    var source: String

    /// `file:line:column: message`, as a rejected pipeline.
    func error(_ node: Node?, _ message: String, hint: String) -> PipelineError {
        .rejected("\(place(node)): \(message)", hint: hint)
    }

    /// `file:line:column`, or the file alone when the node has no position.
    func place(_ node: Node?) -> String {
        guard let mark = node?.mark else { return source }
        return "\(source):\(mark.line):\(mark.column)"
    }

    /// The mapping's entries by key, refusing keys not in `known` with the closest known one.
    func entries(_ node: Node, known: [String], what: String) throws(PipelineError) -> [String: Node] {
        guard case .mapping(let mapping) = node else {
            throw error(node, "\(what) must be a mapping of keys to values, found \(kind(node))", hint: "keys: \(known.joined(separator: ", "))")
        }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else { throw error(keyNode, "\(what): a key must be a plain name", hint: "keys: \(known.joined(separator: ", "))") }
            guard known.contains(key.string) else {
                throw error(keyNode, "\(what): unknown key `\(key.string)`\(Suggestion.phrase(for: key.string, in: known))",
                            hint: "keys: \(known.joined(separator: ", "))")
            }
            result[key.string] = value
        }
        return result
    }

    /// A text value.
    func text(_ node: Node, _ what: String) throws(PipelineError) -> String {
        guard case .scalar(let scalar) = node else { throw error(node, "\(what) must be a text, found \(kind(node))", hint: "write it as one value") }
        return scalar.string
    }

    /// A list of texts; one text stands for a list of one.
    func texts(_ node: Node, _ what: String) throws(PipelineError) -> [String] {
        switch node {
        case .scalar(let scalar): return [scalar.string]
        case .sequence(let sequence):
            var result: [String] = []
            for item in sequence { result.append(try text(item, "each of \(what)")) }
            return result
        default: throw error(node, "\(what) must be a list, found \(kind(node))", hint: "write it as [a, b]")
        }
    }

    /// A mapping of texts to texts (paths, build paths).
    func textMap(_ node: Node, _ what: String) throws(PipelineError) -> [(key: String, value: String, node: Node)] {
        guard case .mapping(let mapping) = node else {
            throw error(node, "\(what) must be a mapping, found \(kind(node))", hint: "write it as {key: value}")
        }
        var result: [(String, String, Node)] = []
        for (key, value) in mapping { result.append((try text(key, "a key of \(what)"), try configText(value, "\(what).\(key.string ?? "")"), value)) }
        return result
    }

    /// A configuration value as the command line wants it, whatever YAML type it was written as: booleans
    /// become Y/N, lists are joined with commas, anything else is kept as written (`0.78`, not `0.78000001`).
    func configText(_ node: Node, _ what: String) throws(PipelineError) -> String {
        switch node {
        case .scalar(let scalar):
            // Quoted text stays text ('yes'); a plain yes/no/true/false is a switch.
            if let bool = Bool.construct(from: scalar) { return bool ? "Y" : "N" }
            return scalar.string
        case .sequence:
            return try texts(node, what).joined(separator: ",")
        default:
            throw error(node, "\(what) must be a value or a list, found \(kind(node))", hint: "write KEY: value")
        }
    }

    /// A yes/no value.
    func flag(_ node: Node, _ what: String) throws(PipelineError) -> Bool {
        guard let value = node.bool else { throw error(node, "\(what) must be true or false, found \(node.string ?? kind(node))", hint: "write true or false") }
        return value
    }

    /// A number.
    func number(_ node: Node, _ what: String) throws(PipelineError) -> Double {
        guard let value = node.float, value.isFinite else { throw error(node, "\(what) must be a number, found \(node.string ?? kind(node))", hint: "write a number such as 0.5") }
        return value
    }

    /// A list of whole numbers.
    func integers(_ node: Node, _ what: String) throws(PipelineError) -> [Int] {
        let items: [Node]
        switch node {
        case .sequence(let sequence): items = Array(sequence)
        default: items = [node]
        }
        var result: [Int] = []
        for item in items {
            guard let value = item.int else { throw error(item, "\(what) must be whole numbers, found \(item.string ?? kind(item))", hint: "write [1]") }
            result.append(value)
        }
        return result
    }

    private func kind(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): "`\(scalar.string)`"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
