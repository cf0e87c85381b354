/// The home page: the newest products and collections the visitor may read.
struct HomePage {
    /// How many of each the page lists.
    static let listed = 20

    let registry: Registry

    /// The values of the page.
    func values(visitor: WebVisitor) async throws -> [String: Any] {
        let (products, more) = try await registry.browseProducts(ProductFilter(), caller: visitor.caller, offset: 0, limit: HomePage.listed)
        let (collections, _) = try await registry.browseCollections(text: "", owner: "", caller: visitor.caller, offset: 0, limit: HomePage.listed)
        return [
            "products": products.map(WebPage.card), "hasProducts": !products.isEmpty, "moreProducts": more,
            "collections": collections.map(WebPage.card), "hasCollections": !collections.isEmpty,
        ]
    }
}
