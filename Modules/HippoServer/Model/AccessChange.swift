/// The owner and reader/writer changes an update request may carry, for products and collections alike
/// (`owner`, `add_readers`, `remove_readers`, `add_writers`, `remove_writers`).
struct AccessChange: Decodable, Sendable {
    var owner: String?
    var addReaders: [String]
    var removeReaders: [String]
    var addWriters: [String]
    var removeWriters: [String]

    enum CodingKeys: String, CodingKey {
        case owner
        case addReaders = "add_readers", removeReaders = "remove_readers"
        case addWriters = "add_writers", removeWriters = "remove_writers"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        owner = try container.decodeIfPresent(String.self, forKey: .owner)
        addReaders = try container.decodeIfPresent([String].self, forKey: .addReaders) ?? []
        removeReaders = try container.decodeIfPresent([String].self, forKey: .removeReaders) ?? []
        addWriters = try container.decodeIfPresent([String].self, forKey: .addWriters) ?? []
        removeWriters = try container.decodeIfPresent([String].self, forKey: .removeWriters) ?? []
    }

    /// Whether the request changes nothing about access.
    var isEmpty: Bool { owner == nil && addReaders.isEmpty && removeReaders.isEmpty && addWriters.isEmpty && removeWriters.isEmpty }

    /// The access lists and owner after the change; a new owner becomes a reader and writer and is never removed.
    func applied(readers: [String], writers: [String], owner current: String) -> (readers: [String], writers: [String], owner: String) {
        let owner = self.owner ?? current
        let added = self.owner.map { [$0] } ?? []
        return (
            Registry.merged(readers, addReaders + added).filter { !removeReaders.contains($0) || $0 == owner },
            Registry.merged(writers, addWriters + added).filter { !removeWriters.contains($0) || $0 == owner },
            owner
        )
    }
}
