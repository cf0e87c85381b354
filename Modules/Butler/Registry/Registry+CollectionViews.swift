extension Registry {
    /// The collections matching any of the globs `patterns` (all when there are none) and of one of `types`, each
    /// once, sorted by name.
    public func collections(matchingAny patterns: [String], types: Set<CollectionType>) throws -> [CollectionInfo] {
        var seen = Set<String>()
        var matched: [CollectionInfo] = []
        for pattern in patterns.isEmpty ? ["*"] : patterns {
            for collection in try collections(matching: pattern, types: types) where seen.insert(collection.name).inserted {
                matched.append(collection)
            }
        }
        return matched.sorted { $0.name < $1.name }
    }

    /// Each of `roots` followed by what its chains search (or, `inverse`, the chains it is in), depth first, each
    /// with its depth below its root; a chain that reaches a collection already on its path stops there.
    public func collectionTree(_ roots: [CollectionInfo], inverse: Bool = false) throws -> [(collection: CollectionInfo, depth: Int)] {
        var rows: [(collection: CollectionInfo, depth: Int)] = []
        func add(_ collection: CollectionInfo, depth: Int, path: Set<String>) throws {
            rows.append((collection, depth))
            let next = inverse ? try parentChains(of: collection.name) : collection.children
            for name in next where !path.contains(name) {
                try add(try self.collection(name), depth: depth + 1, path: path.union([name]))
            }
        }
        for root in roots { try add(root, depth: 0, path: [root.name]) }
        return rows
    }

    /// `collections` in daf_butler's listing order, by type (RUN, TAGGED, CHAINED, CALIBRATION) then name, each
    /// once; `flattenChains` drops the chains and adds what they search, in search order.
    public func listingOrder(_ collections: [CollectionInfo], flattenChains: Bool = false) throws -> [CollectionInfo] {
        let byType = collections.sorted { ($0.type.rawValue, $0.name) < ($1.type.rawValue, $1.name) }
        var members = flattenChains ? byType.filter { $0.type != .chained } : byType
        if flattenChains {
            for chain in byType where chain.type == .chained { members += try flatten([chain.name]) }
        }
        var listed = Set<String>()
        return members.filter { listed.insert($0.name).inserted }
    }
}
