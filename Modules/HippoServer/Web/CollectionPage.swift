import SciCore

/// The collection page: its products and child collections as a tree, each level holding only what the visitor may
/// read, down to a few levels and a few hundred entries (deeper ones are a link away).
struct CollectionPage {
    /// How many levels of child collections are opened below the page's own.
    static let deepest = 4
    /// How many entries (products and collections) one page's tree shows at most.
    static let mostEntries = 500

    let registry: Registry

    /// The values of the page for collection `id`; 404 for an id that is malformed, unknown or not readable alike.
    func values(id: String, visitor: WebVisitor) async throws -> [String: Any] {
        let caller = visitor.caller
        let collection: JSONValue
        do {
            collection = try await registry.readCollection(id: id, caller: caller)
        } catch let error as HippoError where [403, 404, 422].contains(Int(error.status.code)) {
            throw WebError.notFound("collection")
        }
        var budget = CollectionPage.mostEntries
        var visited: Set<String> = [id]
        let root = try await node(collection, depth: 0, caller: caller, budget: &budget, visited: &visited)
        let name = collection["name"]?.stringValue ?? "", description = collection["description"]?.stringValue ?? ""
        let owner = collection["owner"]?.stringValue ?? ""
        let parents = readable(collection["parent_collections"], caller).map { ["id": $0["id"]?.stringValue ?? "", "name": $0["name"]?.stringValue ?? ""] }
        var values: [String: Any] = [
            "id": id, "name": name, "hasDescription": !description.isEmpty, "description": description, "owner": owner,
            "ownerQuery": WebForm.encode(owner), "parents": parents, "hasParents": !parents.isEmpty, "root": root,
        ]
        let readers = ProductPage.strings(collection["readers"]), writers = ProductPage.strings(collection["writers"])
        if caller.canWrite(writers: writers) || caller.isAdmin {
            values["access"] = ["readers": readers.joined(separator: ", "), "writers": writers.joined(separator: ", ")]
        }
        return values
    }

    /// One level of the tree: the collection's readable products, then its readable children, each opened in turn
    /// while levels and entries remain. Every node names `children` and `products`, even empty, so the recursive
    /// partial never finds an outer level's lists instead.
    private func node(
        _ collection: JSONValue, depth: Int, caller: Caller, budget: inout Int, visited: inout Set<String>
    ) async throws -> [String: Any] {
        var products: [[String: Any]] = []
        // The registry lists only the products the caller may read.
        if case .array(let items)? = collection["products"] {
            for product in items.prefix(max(0, budget)) {
                products.append([
                    "id": product["id"]?.stringValue ?? "", "name": product["name"]?.stringValue ?? "",
                    "version": product["version"]?.stringValue ?? "", "owner": product["owner"]?.stringValue ?? "",
                ])
            }
        }
        budget -= products.count
        var truncated = products.count < (collection["products"].flatMap { if case .array(let a) = $0 { a.count } else { nil } } ?? 0)
        var children: [[String: Any]] = []
        for child in readable(collection["child_collections"], caller) {
            guard let childID = child["id"]?.stringValue, visited.insert(childID).inserted else { continue }
            guard budget > 0 else {
                truncated = true
                break
            }
            budget -= 1
            if depth + 1 < CollectionPage.deepest, let full = try? await registry.readCollection(id: childID, caller: caller) {
                children.append(try await node(full, depth: depth + 1, caller: caller, budget: &budget, visited: &visited))
            } else {
                children.append([
                    "id": childID, "name": child["name"]?.stringValue ?? "", "products": [[String: Any]](), "children": [[String: Any]](),
                    "truncated": true,
                ])
            }
        }
        return [
            "id": collection["id"]?.stringValue ?? "", "name": collection["name"]?.stringValue ?? "", "products": products,
            "children": children, "truncated": truncated, "isEmpty": products.isEmpty && children.isEmpty,
        ]
    }

    /// The collections of a list the caller may read: the registry lists parents and children whatever their access.
    private func readable(_ list: JSONValue?, _ caller: Caller) -> [JSONValue] {
        guard case .array(let items)? = list else { return [] }
        return items.filter { caller.canRead(readers: ProductPage.strings($0["readers"]), writers: ProductPage.strings($0["writers"])) }
    }
}
