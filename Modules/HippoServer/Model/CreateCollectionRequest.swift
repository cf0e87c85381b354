/// The body of `PUT /relationships/collection/{name}`: HIPPO's `CreateCollectionRequest`.
struct CreateCollectionRequest: Decodable, Sendable {
    var description: String
    var readers: [String]
    var writers: [String]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        description = try container.decode(String.self, forKey: .description)
        readers = try container.decodeIfPresent([String].self, forKey: .readers) ?? []
        writers = try container.decodeIfPresent([String].self, forKey: .writers) ?? []
    }

    enum CodingKeys: String, CodingKey { case description, readers, writers }
}
