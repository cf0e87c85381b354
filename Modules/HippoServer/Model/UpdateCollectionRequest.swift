/// The body of `POST /relationships/collection/{id}` and its `/diff`: HIPPO's `UpdateCollectionRequest`.
struct UpdateCollectionRequest: Decodable, Sendable {
    var name: String?
    var description: String?
    /// Owner and reader/writer changes.
    var access: AccessChange

    enum CodingKeys: String, CodingKey { case name, description }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        access = try AccessChange(from: decoder)
    }
}
