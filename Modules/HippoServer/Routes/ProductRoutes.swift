import Foundation
import Hummingbird
import SciCore

/// The `/product` routes of HIPPO's API.
struct ProductRoutes: Sendable {
    let registry: Registry
    let gatekeeper: Gatekeeper
    let jsonLimit: Int

    func add(to router: Router<BasicRequestContext>) {
        let products = router.group("product")
        products.put("new") { request, _ in
            let caller = try await gatekeeper.writer(of: request)
            let body = try await Wire.decode(CreateProductRequest.self, from: request, limit: jsonLimit)
            return Wire.json(try await registry.create(body, caller: caller, baseURL: registry.publicURL))
        }
        products.get(":id") { request, context in
            Wire.json(try await registry.read(id: try Wire.id("id", context), caller: try await gatekeeper.reader(of: request)))
        }
        // `search/{text}`, `{id}/tree`, `{id}/files` and `{id}/{slug}` share one shape, and Hummingbird's router lets a
        // fixed word hide a capture for every method; so one route per method takes them all. HIPPO declares the fixed
        // words first, so they win over slugs, as they do here.
        products.get(":id/:second") { request, context in
            let first = try Wire.id("id", context), second = try Wire.parameter("second", context)
            let caller = try await gatekeeper.reader(of: request)
            switch (first, second) {
            case ("search", let text):
                return Wire.json(bytes: try await registry.search(text: text, caller: caller))
            case (let id, "tree"):
                return Wire.json(try await registry.tree(id: id, caller: caller))
            case (let id, "files"):
                return Wire.json(try await registry.files(id: id, caller: caller, baseURL: registry.publicURL))
            case (let id, let slug):
                let url = try await registry.downloadURL(id: id, slug: slug, caller: caller, baseURL: registry.publicURL)
                return Response(status: .found, headers: [.location: url])
            }
        }
        products.post(":id/:second") { request, context in
            let id = try Wire.id("id", context)
            let caller = try await gatekeeper.caller(of: request)
            switch try Wire.parameter("second", context) {
            case "complete":
                try caller.require(.write)
                let body = try await Wire.decode(CompleteUploadRequest.self, from: request, limit: jsonLimit)
                try await registry.complete(id: id, request: body, caller: caller)
                return Wire.null
            case "update":
                try caller.require(.write)
                let body = try await Wire.decode(UpdateProductRequest.self, from: request, limit: jsonLimit)
                return Wire.json(try await registry.update(id: id, request: body, caller: caller, baseURL: registry.publicURL))
            case "diff":
                try caller.require(.write)
                let body = try await Wire.decode(UpdateProductRequest.self, from: request, limit: jsonLimit)
                return Wire.json(try await registry.diff(id: id, request: body, caller: caller))
            case "confirm":
                try await registry.confirm(id: id, caller: caller)
                return Wire.null
            case "pin", "unpin":
                try await registry.pin(id: id, pinned: context.parameters.get("second") == "pin", caller: caller)
                return Wire.null
            case let action:
                throw HippoError(404, "no route POST /product/{id}/\(action)")
            }
        }
        products.delete(":id") { request, context in
            try await registry.delete(id: try Wire.id("id", context), caller: try await gatekeeper.caller(of: request))
            return Wire.null
        }
        products.delete(":id/:second") { request, context in
            guard try Wire.parameter("second", context) == "tree" else { throw HippoError(404, "no route DELETE /product/{id}/{second}") }
            try await registry.deleteTree(id: try Wire.id("id", context), caller: try await gatekeeper.caller(of: request))
            return Wire.null
        }
    }
}
