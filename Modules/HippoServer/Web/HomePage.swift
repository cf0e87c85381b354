/// The home page: the newest products and collections the visitor may read.
struct HomePage {
    /// How many of each the page lists.
    static let listed = 20
    /// How many of the newest product versions the page looks through for ones the visitor may read (the search
    /// page lists them all).
    static let window = 10_000

    let registry: Registry

    /// The values of the page.
    func values(visitor: WebVisitor) async throws -> [String: Any] {
        let (products, _) = try await registry.browseProducts(
            ProductFilter(), caller: visitor.caller, offset: 0, limit: HomePage.listed, newest: HomePage.window)
        let (collections, _) = try await registry.browseCollections(text: "", owner: "", caller: visitor.caller, offset: 0, limit: HomePage.listed)
        return [
            "products": products.map(WebPage.card), "hasProducts": !products.isEmpty,
            "collections": collections.map(WebPage.card), "hasCollections": !collections.isEmpty,
        ]
    }
}
