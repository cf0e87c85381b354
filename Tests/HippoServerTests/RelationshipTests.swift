import Foundation
@testable import HippoServer
import SciCore
import SciHTTP
import TestSupport
import Testing

@Suite("Collections and links over HTTP")
struct RelationshipTests {
    /// The ids of the objects in a JSON list, in order.
    static func ids(_ list: JSONValue?) -> [String] {
        guard case .array(let items) = list else { return [] }
        return items.compactMap { $0["id"]?.stringValue }
    }

    /// Whether a failure is a 404 with HIPPO's detail.
    static func isNotFound(_ failure: (Int, String), _ detail: String) -> Bool { failure.0 == 404 && failure.1.contains(detail) }

    /// Creates a collection and returns its id.
    static func collection(_ registry: RunningRegistry, _ name: String, _ description: String = "a test collection") async throws -> String {
        // Names travel percent-encoded, as httpx sends them.
        let path = name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!
        let id = try await registry.call(.put, "/relationships/collection/\(path)", .object(["description": .string(description)]))
        return try #require(id.stringValue)
    }

    @Test("collections: create, read with products, nest, search, remove, delete; a product read lists its collections")
    func collections() async throws {
        let registry = try await RunningRegistry()
        defer { Task { await registry.stop() } }
        let scratch = try TemporaryDirectory()
        let product = try await registry.push(name: "ACT beam", files: ["data": try ProductTests.patternFile(scratch, "b.txt", size: 100)])
        let other = try await registry.push(name: "SO beam", files: [:])

        let maps = try await Self.collection(registry, "DR6 maps", "all the maps")
        let child = try await Self.collection(registry, "DR6 beams")
        #expect(ObjectID.isValid(maps) && maps != child)
        try await registry.call(.put, "/relationships/collection/\(maps)/\(product)")
        try await registry.call(.put, "/relationships/collection/\(maps)/\(product)")  // twice is once
        try await registry.call(.put, "/relationships/collection/\(maps)/\(other)")
        // HIPPO's PUT names the parent first: `child` becomes a child of `maps`.
        try await registry.call(.put, "/relationships/collection/\(maps)/child_of/\(child)")

        let read = try await registry.call(.get, "/relationships/collection/\(maps)")
        #expect(read["name"] == .string("DR6 maps"))
        #expect(read["description"] == .string("all the maps"))
        #expect(Self.ids(read["products"]) == [product, other])
        guard case .array(let members) = read["products"] else { Issue.record("no products"); return }
        #expect(members[0]["version"] == .string("1.0.0"))
        #expect(members[0]["sources"] == nil)  // a collection's product list carries no sources
        #expect(Self.ids(read["child_collections"]) == [child])
        #expect(Self.ids(read["parent_collections"]) == [])
        #expect(read["owner"]?.stringValue?.hasPrefix("admin-") == true)
        let childRead = try await registry.call(.get, "/relationships/collection/\(child)")
        #expect(Self.ids(childRead["parent_collections"]) == [maps])

        let productRead = try await registry.call(.get, "/product/\(product)")
        #expect(productRead["versions"]?["1.0.0"]?["collections"] == .array([.string(maps)]))

        // Search words arrive percent-encoded too.
        #expect(Self.ids(try await registry.call(.get, "/product/search/ACT%20beam")).first == product)
        // Search by word, stemmed; members are not listed.
        let found = try await registry.call(.get, "/relationships/collection/search/map")
        #expect(Self.ids(found) == [maps])
        if case .array(let hits) = found { #expect(hits.first?["products"] == .null) }
        #expect(Self.ids(try await registry.call(.get, "/relationships/collection/search/DR6")).sorted() == [maps, child].sorted())
        #expect(try await registry.call(.get, "/relationships/collection/search/nothing") == .array([]))

        // A cycle is refused; the DELETE names the child first.
        #expect(await registry.failure(.put, "/relationships/collection/\(child)/child_of/\(maps)").0 == 400)
        try await registry.call(.delete, "/relationships/collection/\(child)/child_of/\(maps)")
        #expect(Self.ids(try await registry.call(.get, "/relationships/collection/\(maps)")["child_collections"]) == [])

        try await registry.call(.delete, "/relationships/collection/\(maps)/\(other)")
        #expect(Self.ids(try await registry.call(.get, "/relationships/collection/\(maps)")["products"]) == [product])

        // A revision carries the membership; the old version leaves the collection.
        let revised = try await registry.call(.post, "/product/\(product)/update", .object(["description": .string("revised"), "level": .int(2)]))
        let revisedID = try #require(revised["id"]?.stringValue)
        #expect(Self.ids(try await registry.call(.get, "/relationships/collection/\(maps)")["products"]) == [revisedID])

        try await registry.call(.put, "/relationships/collection/\(maps)/child_of/\(child)")
        try await registry.call(.delete, "/relationships/collection/\(maps)")
        #expect(Self.isNotFound(await registry.failure(.get, "/relationships/collection/\(maps)"), "Collection not found."))
        #expect(Self.ids(try await registry.call(.get, "/relationships/collection/\(child)")["parent_collections"]) == [])
        #expect(try await registry.call(.get, "/product/\(revisedID)")["versions"]?["1.0.1"]?["collections"] == .array([]))
    }

    @Test("collection diff, update, access changes, pin; bad and unknown ids")
    func updates() async throws {
        let registry = try await RunningRegistry()
        defer { Task { await registry.stop() } }
        let id = try await Self.collection(registry, "Old name", "line one")

        let diff = try await registry.call(
            .post, "/relationships/collection/\(id)/diff", .object(["name": .string("New name"), "description": .string("line two")]))
        #expect(diff["name"] == .array([.string("Old name"), .string("New name")]))
        #expect(diff["description"]?.stringValue?.contains("line two") == true)
        #expect(try await registry.call(.post, "/relationships/collection/\(id)/diff", .object(["name": .string("Old name")])) == .object([:]))

        let updated = try await registry.call(
            .post, "/relationships/collection/\(id)", .object(["name": .string("New name"), "add_readers": .array([.string("act")])]))
        #expect(updated == .string(id))
        let read = try await registry.call(.get, "/relationships/collection/\(id)")
        #expect(read["name"] == .string("New name"))
        #expect(read["description"] == .string("line one"))
        #expect(read["readers"]?.plainText.contains("act") == true)
        #expect(Self.ids(try await registry.call(.get, "/relationships/collection/search/new")) == [id])
        #expect(try await registry.call(.get, "/relationships/collection/search/old") == .array([]))
        #expect(await registry.failure(.post, "/relationships/collection/\(id)", .object(["owner": .string("nobody")])).0 == 406)

        #expect(try await registry.call(.post, "/relationships/collection/\(id)/pin") == .string(id))
        #expect(try await registry.call(.post, "/relationships/collection/\(id)/unpin") == .string(id))

        let unknown = "0123456789abcdef01234567"
        #expect(await registry.failure(.get, "/relationships/collection/nope").0 == 422)
        #expect(await registry.failure(.get, "/relationships/collection/\(unknown)").0 == 404)
        #expect(Self.isNotFound(await registry.failure(.put, "/relationships/collection/\(unknown)/\(unknown)"), "Collection not found."))
        #expect(Self.isNotFound(await registry.failure(.put, "/relationships/collection/\(id)/\(unknown)"), "Product not found."))
        #expect(await registry.failure(.delete, "/relationships/collection/\(unknown)").0 == 404)
        #expect(await registry.failure(.put, "/relationships/collection/\(id)/child_of/\(unknown)").0 == 404)
        #expect(await registry.failure(.put, "/relationships/collection/\(id)/child_of/\(id)").0 == 400)
    }

    @Test("product child_of links: set, shown both ways, removed, dropped by a revision, 404 for unknown")
    func productLinks() async throws {
        let registry = try await RunningRegistry()
        defer { Task { await registry.stop() } }
        let map = try await registry.push(name: "Coadd map", files: [:])
        let mask = try await registry.push(name: "Coadd mask", files: [:])
        func version(_ id: String) async throws -> JSONValue? { try await registry.call(.get, "/product/\(id)")["versions"]?["1.0.0"] }

        // `/product/{A}/child_of/{B}`: A is a child of B.
        try await registry.call(.put, "/relationships/product/\(mask)/child_of/\(map)")
        #expect(try await version(mask)?["child_of"] == .array([.string(map)]))
        #expect(try await version(map)?["parent_of"] == .array([.string(mask)]))
        try await registry.call(.delete, "/relationships/product/\(mask)/child_of/\(map)")
        #expect(try await version(mask)?["child_of"] == .array([]))
        #expect(try await version(map)?["parent_of"] == .array([]))

        try await registry.call(.put, "/relationships/product/\(mask)/child_of/\(map)")
        let revised = try await registry.call(.post, "/product/\(mask)/update", .object(["name": .string("Coadd mask v2")]))
        let read = try await registry.call(.get, "/product/\(revised["id"]!.stringValue!)")
        #expect(read["versions"]?["1.1.0"]?["child_of"] == .array([]))

        let unknown = "0123456789abcdef01234567"
        #expect(Self.isNotFound(await registry.failure(.put, "/relationships/product/\(mask)/child_of/\(unknown)"), "Product not found."))
        #expect(await registry.failure(.put, "/relationships/product/\(mask)/child_of/\(mask)").0 == 400)
        #expect(await registry.failure(.put, "/relationships/product/\(mask)/parent_of/\(map)").0 == 404)
    }
}
