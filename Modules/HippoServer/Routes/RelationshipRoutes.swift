import Foundation
import Hummingbird
import SciCore

/// The `/relationships` routes of HIPPO's API: collections, their members and children, and product links.
///
/// Hummingbird's router lets a fixed word hide a capture at the same depth for every method, so the shapes that
/// share a depth (`search/{name}` and `{id}/{product}`, `{id}/diff` and `{id}/pin`, `{a}/child_of/{b}`) are each one
/// route per method that dispatches on the words; and its captures must be named alike at each depth, so they are
/// `first`, `second`, `third` whatever they hold.
struct RelationshipRoutes: Sendable {
    let registry: Registry
    let gatekeeper: Gatekeeper
    let jsonLimit: Int

    func add(to router: Router<BasicRequestContext>) {
        let collections = router.group("relationships/collection")
        collections.put(":first") { request, context in
            let caller = try await gatekeeper.writer(of: request)
            let body = try await Wire.decode(CreateCollectionRequest.self, from: request, limit: jsonLimit)
            return Wire.json(try await registry.createCollection(name: try Wire.parameter("first", context), request: body, caller: caller))
        }
        collections.get(":first") { request, context in
            Wire.json(try await registry.readCollection(id: try Wire.id("first", context), caller: try await gatekeeper.reader(of: request)))
        }
        collections.post(":first") { request, context in
            let caller = try await gatekeeper.writer(of: request)
            let body = try await Wire.decode(UpdateCollectionRequest.self, from: request, limit: jsonLimit)
            return Wire.json(try await registry.updateCollection(id: try Wire.id("first", context), request: body, caller: caller))
        }
        collections.delete(":first") { request, context in
            try await registry.deleteCollection(id: try Wire.id("first", context), caller: try await gatekeeper.caller(of: request))
            return Wire.null
        }
        collections.get(":first/:second") { request, context in
            guard try Wire.parameter("first", context) == "search" else { throw HippoError(405, "Method Not Allowed") }
            let caller = try await gatekeeper.reader(of: request)
            return Wire.json(try await registry.searchCollections(text: try Wire.parameter("second", context), caller: caller))
        }
        collections.put(":first/:second") { request, context in
            try await membership(request, context, member: true)
        }
        collections.delete(":first/:second") { request, context in
            try await membership(request, context, member: false)
        }
        collections.post(":first/:second") { request, context in
            let id = try Wire.id("first", context)
            let caller = try await gatekeeper.caller(of: request)
            switch try Wire.parameter("second", context) {
            case "diff":
                try caller.require(.write)
                let body = try await Wire.decode(UpdateCollectionRequest.self, from: request, limit: jsonLimit)
                return Wire.json(try await registry.diffCollection(id: id, request: body, caller: caller))
            case "pin", "unpin":
                return Wire.json(try await registry.pinCollection(id: id, pinned: context.parameters.get("second") == "pin", caller: caller))
            case let action:
                throw HippoError(404, "no route POST /relationships/collection/{id}/\(action)")
            }
        }
        collections.put(":first/:second/:third") { request, context in
            let (parent, child) = try childOf(context)
            try await registry.linkCollections(parent: parent, child: child, linked: true, caller: try await gatekeeper.caller(of: request))
            return Wire.null
        }
        // HIPPO's DELETE names the child first: `/collection/{child_id}/child_of/{parent_id}`.
        collections.delete(":first/:second/:third") { request, context in
            let (child, parent) = try childOf(context)
            try await registry.linkCollections(parent: parent, child: child, linked: false, caller: try await gatekeeper.caller(of: request))
            return Wire.null
        }

        let products = router.group("relationships/product")
        for (method, linked) in [(HTTPRequest.Method.put, true), (.delete, false)] {
            products.on(":first/:second/:third", method: method) { request, context in
                let (child, parent) = try childOf(context)
                try await registry.linkProducts(child: child, parent: parent, linked: linked, caller: try await gatekeeper.caller(of: request))
                return Wire.null
            }
        }
    }

    private func membership(_ request: Request, _ context: BasicRequestContext, member: Bool) async throws -> Response {
        try await registry.setMembership(
            collection: try Wire.id("first", context), product: try Wire.id("second", context), member: member,
            caller: try await gatekeeper.caller(of: request))
        return Wire.null
    }

    /// The two ids of a `{first}/child_of/{second}` path, in path order.
    private func childOf(_ context: BasicRequestContext) throws -> (String, String) {
        guard try Wire.parameter("second", context) == "child_of" else { throw HippoError(404, "Not Found") }
        return (try Wire.id("first", context), try Wire.id("third", context))
    }
}
