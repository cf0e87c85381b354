import SciCore

/// What changed from one version of a product to the next, in sentences for the versions list: the name, the
/// description, each metadata field, and sources added, removed or replaced (a different file or checksum).
enum VersionChanges {
    /// The changes from `old` to `new`, two versions as HIPPO answers them (`ProductMetadata`).
    static func between(_ old: JSONValue, _ new: JSONValue) -> [String] {
        var changes: [String] = []
        if let before = old["name"]?.stringValue, let after = new["name"]?.stringValue, before != after {
            changes.append("name: \(shown(before)) → \(shown(after))")
        }
        if old["description"] != new["description"] { changes.append("description changed") }
        let oldFields = Dictionary(WebFormat.fields(old["metadata"] ?? .null).map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        for (name, value) in WebFormat.fields(new["metadata"] ?? .null) where oldFields[name] ?? .null != value {
            let before = WebFormat.lines(oldFields[name] ?? .null).joined(separator: ", ")
            let after = WebFormat.lines(value).joined(separator: ", ")
            changes.append("\(name): \(before.isEmpty ? "none" : shown(before)) → \(after.isEmpty ? "none" : shown(after))")
        }
        let oldSources = sources(old), newSources = sources(new)
        for slug in newSources.keys.sorted() {
            guard let before = oldSources[slug] else {
                changes.append("source \(slug) added (\(newSources[slug]!.name))")
                continue
            }
            let after = newSources[slug]!
            if before != after {
                changes.append(before.name == after.name ? "source \(slug) replaced" : "source \(slug) replaced: \(before.name) → \(after.name)")
            }
        }
        for slug in oldSources.keys.sorted() where newSources[slug] == nil { changes.append("source \(slug) removed") }
        return changes
    }

    /// A source as far as a change goes: its file's name and checksum.
    private struct Source: Equatable {
        var name: String
        var checksum: String
    }

    private static func sources(_ version: JSONValue) -> [String: Source] {
        guard case .object(let members)? = version["sources"] else { return [:] }
        return members.mapValues { Source(name: $0["name"]?.stringValue ?? "", checksum: $0["checksum"]?.stringValue ?? "") }
    }

    /// A value in quotes, cut to 80 characters.
    private static func shown(_ text: String) -> String { "“" + (text.count <= 80 ? text : String(text.prefix(79)) + "…") + "”" }
}
