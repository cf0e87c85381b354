import HippoMeta

/// The search page: a form for words of the name, an owner, a metadata type and the values of that type's fields
/// (choices as lists), and the products (and, without a type, collections) the visitor may read that match.
struct SearchPage {
    /// Products a page lists.
    static let pageSize = 50
    /// Collections listed beside the first page of products.
    static let collectionsListed = 20

    let registry: Registry

    /// The values of the page for the query string `form`, and its status: 400 for a value a field cannot hold.
    func values(form: WebForm, visitor: WebVisitor) async throws -> (values: [String: Any], status: Int) {
        let text = form["q"], owner = form["owner"], type = form["type"]
        var values: [String: Any] = [
            "text": text, "owner": owner, "quickText": text, "types": SearchPage.types(form: form, chosen: type),
            "hasProblem": false, "searched": !form.values.isEmpty,
        ]
        guard !form.values.isEmpty else { return (values, 200) }
        let fields = Dictionary(
            (MetadataKind.all[type]?.fields ?? []).map { ($0.name, form["\(type).\($0.name)"]) }, uniquingKeysWith: { first, _ in first })
        let filter: ProductFilter
        let page: Int
        do {
            guard let number = form.page() else {
                throw WebError(400, "The page number must be a whole number from 1 to \(WebForm.lastPage); narrow the search to reach further.")
            }
            page = number
            filter = try ProductFilter(text: text, owner: owner, type: type, fields: fields)
        } catch let problem as WebError {
            values["hasProblem"] = true
            values["problem"] = problem.message
            values["searched"] = false
            return (values, problem.status)
        }
        let (products, more) = try await registry.browseProducts(
            filter, caller: visitor.caller, offset: (page - 1) * SearchPage.pageSize, limit: SearchPage.pageSize)
        values["products"] = products.map(WebPage.card)
        values["hasProducts"] = !products.isEmpty
        if page > 1 || more {
            values["paging"] = [
                "number": page, "hasPrevious": page > 1, "previous": link(form, page: page - 1), "hasNext": more,
                "next": link(form, page: page + 1),
            ]
        }
        if filter.kind == nil, page == 1 {
            let (collections, _) = try await registry.browseCollections(
                text: filter.text, owner: filter.owner, caller: visitor.caller, offset: 0, limit: SearchPage.collectionsListed)
            values["showCollections"] = true
            values["collections"] = collections.map(WebPage.card)
            values["hasCollections"] = !collections.isEmpty
        }
        return (values, 200)
    }

    /// This search at another page.
    private func link(_ form: WebForm, page: Int) -> String {
        var pairs = form.values.filter { $0.key != "page" }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        pairs.append(("page", page > 1 ? String(page) : ""))
        return "/web/search?" + WebForm.query(pairs)
    }

    /// Every metadata type for the form's list, each with its fields: choices as options, the form's values kept.
    static func types(form: WebForm, chosen: String) -> [[String: Any]] {
        MetadataKind.all.values.sorted { $0.tag < $1.tag }.map { kind in
            let fields = kind.fields.map { field -> [String: Any] in
                let input = "\(kind.tag).\(field.name)", value = form[input]
                var choices: [[String: Any]] = []
                if case .choice(let options) = field.type { choices = options.map { ["value": $0, "selected": $0 == value] } }
                return [
                    "name": field.name, "input": input, "value": value, "isChoice": !choices.isEmpty, "choices": choices,
                    "hint": hint(field.type),
                ]
            }
            return ["tag": kind.tag, "selected": kind.tag == chosen, "fields": fields, "hasFields": !fields.isEmpty]
        }
    }

    /// What a field's box takes, as its placeholder.
    static func hint(_ type: MetadataKind.FieldType) -> String {
        switch type {
        case .string: "text it holds"
        case .choice: "one of the choices"
        case .number: "a number"
        case .stringOrInteger: "text or a whole number"
        case .strings: "one item of the list"
        case .stringMap: "a key or value it holds"
        case .dateTime: "the start of a date, 2026-03"
        }
    }
}
