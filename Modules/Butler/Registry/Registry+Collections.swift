import Foundation
import GRDB

/// How `collection-chain` changes a chain, as daf_butler's `--mode`.
public enum ChainMode: String, Sendable, CaseIterable {
    /// Replace the children.
    case redefine
    /// Add children at the end.
    case extend
    /// Add children at the front.
    case prepend
    /// Remove the given children.
    case remove
    /// Remove children by position (the first when none is given).
    case pop
}

extension Registry {
    /// Registers a collection; returns false when one of that name and type exists.
    @discardableResult
    public func registerCollection(_ name: String, type: CollectionType, doc: String? = nil) throws -> Bool {
        try write { db in try registerCollection(name, type: type, doc: doc, db: db) != nil }
    }

    /// The collection's id, creating it; nil when it existed with that type already.
    @discardableResult
    func registerCollection(_ name: String, type: CollectionType, doc: String? = nil, db: RegistryConnection) throws -> Int64? {
        guard !name.isEmpty else { throw ButlerError.wrongCollectionType("a collection needs a name") }
        if let row = try db.row("SELECT type FROM collection WHERE name = ?", [name]) {
            let existing = CollectionType(rawValue: row["type"] ?? 0) ?? .run
            guard existing == type else {
                throw ButlerError.wrongCollectionType("collection '\(name)' exists as \(existing), not \(type)")
            }
            return nil
        }
        let id = try db.insert(
            "INSERT INTO collection (name, type, doc) VALUES (?, ?, ?)", [name, type.rawValue, doc], returning: "collection_id")
        if type == .run { try db.execute("INSERT INTO run (collection_id) VALUES (?)", [id]) }
        return id
    }

    /// The collection called `name`.
    public func collection(_ name: String) throws -> CollectionInfo {
        try read { db in try collection(name, db: db) }
    }

    func collection(_ name: String, db: RegistryConnection) throws -> CollectionInfo {
        guard let row = try db.row("SELECT * FROM collection WHERE name = ?", [name]) else {
            throw ButlerError.unknownCollection(name)
        }
        let type = CollectionType(rawValue: row["type"] ?? 0) ?? .run
        let children = type == .chained ? try db.values(
            String.self,
            """
            SELECT c.name FROM collection_chain k JOIN collection c ON c.collection_id = k.child
            WHERE k.parent = ? ORDER BY k.position
            """, [row["collection_id"] as DatabaseValue]) : []
        return CollectionInfo(name: name, type: type, children: children, doc: row["doc"])
    }

    func collectionId(_ name: String, db: RegistryConnection) throws -> (id: Int64, type: CollectionType) {
        guard let row = try db.row("SELECT collection_id, type FROM collection WHERE name = ?", [name]),
            let id: Int64 = row["collection_id"]
        else { throw ButlerError.unknownCollection(name) }
        return (id, CollectionType(rawValue: row["type"] ?? 0) ?? .run)
    }

    /// Collections whose names match the glob `pattern`, of the given types, sorted by name.
    public func collections(matching pattern: String? = nil, types: Set<CollectionType> = Set(CollectionType.allCases)) throws -> [CollectionInfo] {
        try read { db in
            let glob = db.dialect.glob("name", pattern: pattern ?? "*")
            return try db.values(String.self, "SELECT name FROM collection WHERE \(glob.sql) ORDER BY name", [glob.value])
                .map { try collection($0, db: db) }.filter { types.contains($0.type) }
        }
    }

    /// Changes the children of a CHAINED collection (made if missing); cycles are refused. Returns the new children.
    @discardableResult
    public func setChain(_ parent: String, children: [String], mode: ChainMode = .redefine) throws -> [String] {
        try write { db in
            try registerCollection(parent, type: .chained, db: db)
            let current = try collection(parent, db: db).children
            var updated: [String]
            switch mode {
            case .redefine: updated = children
            case .extend: updated = current + children
            case .prepend: updated = children + current
            case .remove: updated = current.filter { !children.contains($0) }
            case .pop:
                let positions = try children.isEmpty ? [0] : children.map { text -> Int in
                    guard let index = Int(text), current.indices.contains(index) else {
                        throw ButlerError.wrongCollectionType("'\(text)' is not a position in chain '\(parent)'")
                    }
                    return index
                }
                updated = current.enumerated().filter { !positions.contains($0.offset) }.map(\.element)
            }
            let parentId = try collectionId(parent, db: db).id
            try db.execute("DELETE FROM collection_chain WHERE parent = ?", [parentId])
            for (position, child) in updated.enumerated() {
                let childId = try collectionId(child, db: db).id
                try db.execute("INSERT INTO collection_chain (parent, position, child) VALUES (?, ?, ?)", [parentId, position, childId])
            }
            // A cycle makes every search through the chain endless; refuse it before committing.
            _ = try flatten([parent], db: db)
            return updated
        }
    }

    /// The RUN, TAGGED and CALIBRATION collections a search through `names` visits, in order, each once.
    public func flatten(_ names: [String]) throws -> [CollectionInfo] {
        try read { db in try flatten(names, db: db).map { try collection($0.name, db: db) } }
    }

    func flatten(_ names: [String], db: RegistryConnection) throws -> [(id: Int64, name: String, type: CollectionType)] {
        var result: [(id: Int64, name: String, type: CollectionType)] = []
        var seen = Set<String>()
        func visit(_ name: String, path: [String]) throws {
            guard !path.contains(name) else {
                throw ButlerError.wrongCollectionType("chain cycle: \((path + [name]).joined(separator: " -> "))")
            }
            let (id, type) = try collectionId(name, db: db)
            if type == .chained {
                for child in try collection(name, db: db).children { try visit(child, path: path + [name]) }
            } else if seen.insert(name).inserted {
                result.append((id, name, type))
            }
        }
        for name in names { try visit(name, path: []) }
        return result
    }

    /// The CHAINED collections that list `name` directly.
    public func parentChains(of name: String) throws -> [String] {
        try read { db in
            let id = try collectionId(name, db: db).id
            return try db.values(
                String.self,
                """
                SELECT DISTINCT c.name FROM collection_chain k JOIN collection c ON c.collection_id = k.parent
                WHERE k.child = ? ORDER BY c.name
                """, [id])
        }
    }
}
