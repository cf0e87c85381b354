/// Tiled's JSON:API-like answer around one resource: `{"data": ..., "error": null, "links": ..., "meta": ...}`.
struct Envelope<Resource: Decodable & Sendable>: Decodable, Sendable {
    var data: Resource
}

/// The answer of a search: one page of resources, the link to the next page and the total count.
struct ListEnvelope<Resource: Decodable & Sendable>: Decodable, Sendable {
    struct Links: Decodable, Sendable { var next: String? }
    struct Meta: Decodable, Sendable { var count: Int? }
    var data: [Resource]
    var links: Links?
    var meta: Meta?
}
