import HippoMeta
import SciCore

/// The product page: one version's metadata as a table, its sources with sizes, checksums and signed download
/// links (images inline, FITS as a preview), every version with what changed, its collections and related products,
/// and its readers and writers for those who may change it.
struct ProductPage {
    /// FITS files up to this size get a server-rendered preview; larger ones only a link.
    static let largestPreviewedFITS: Int64 = 256 << 20

    let registry: Registry

    /// The values of the page for version `id`; 404 for an id that is malformed, unknown or not readable alike.
    func values(id: String, visitor: WebVisitor) async throws -> [String: Any] {
        let caller = visitor.caller
        let tree: JSONValue, files: JSONValue
        do {
            tree = try await registry.tree(id: id, caller: caller)
            files = try await registry.files(id: id, caller: caller, baseURL: registry.publicURL)
        } catch let error as HippoError where [403, 404, 422].contains(Int(error.status.code)) {
            throw WebError.notFound("product")
        }
        guard case .object(let versionsByName)? = tree["versions"], let requested = tree["requested"]?.stringValue,
            let shown = versionsByName[requested]
        else { throw WebError(500, "the registry answered product \(id) without its version") }
        let versions = versionsByName.values.sorted { ProductPage.order($0).lexicographicallyPrecedes(ProductPage.order($1)) }

        let parents = ProductPage.strings(shown["child_of"]), children = ProductPage.strings(shown["parent_of"])
        let memberships = ProductPage.strings(shown["collections"])
        let links = try await registry.readableLinks(products: parents + children, collections: memberships, caller: caller)

        let name = shown["name"]?.stringValue ?? "", description = shown["description"]?.stringValue ?? ""
        let owner = shown["owner"]?.stringValue ?? ""
        var values: [String: Any] = [
            "id": id, "name": name, "version": requested, "current": shown["current"] == .bool(true),
            "type": MetadataKind.of(shown["metadata"] ?? .null).tag, "hasDescription": !description.isEmpty, "description": description,
            "owner": owner, "ownerQuery": WebForm.encode(owner),
            "uploaded": shown["uploaded"]?.stringValue ?? "", "uploadedText": WebFormat.time(shown["uploaded"]?.stringValue ?? ""),
            "updated": shown["updated"]?.stringValue ?? "", "updatedText": WebFormat.time(shown["updated"]?.stringValue ?? ""),
        ]
        values["metadata"] = WebFormat.fields(shown["metadata"] ?? .null).map { field -> [String: Any] in
            let lines = WebFormat.lines(field.value)
            return ["name": field.name, "lines": lines, "isEmpty": lines.isEmpty]
        }
        let (sources, previews) = sourceRows(files["files"] ?? .null, product: id)
        values["sources"] = sources
        values["hasSources"] = !sources.isEmpty
        values["previews"] = previews
        values["versions"] = versions.enumerated().reversed().map { index, version -> [String: Any] in
            let changes = index == 0 ? ["first version"] : VersionChanges.between(versions[index - 1], version)
            let updated = version["updated"]?.stringValue ?? ""
            return [
                "id": version["id"]?.stringValue ?? "", "version": version["version"]?.stringValue ?? "",
                "current": version["current"] == .bool(true), "isShown": version["version"]?.stringValue == requested,
                "updated": updated, "updatedText": WebFormat.time(updated),
                "changes": changes.isEmpty ? ["no changes"] : changes, "hasChanges": true,
            ]
        }
        let collections = memberships.compactMap { links.collections[$0] }.map(WebPage.card)
        values["collections"] = collections
        values["hasCollections"] = !collections.isEmpty
        let parentRows = parents.compactMap { links.products[$0] }.map { ["id": $0.id, "name": $0.name] }
        let childRows = children.compactMap { links.products[$0] }.map { ["id": $0.id, "name": $0.name] }
        values["parents"] = parentRows
        values["children"] = childRows
        values["hasRelated"] = !parentRows.isEmpty || !childRows.isEmpty
        let readers = ProductPage.strings(shown["readers"]), writers = ProductPage.strings(shown["writers"])
        if caller.canWrite(writers: writers) || caller.isAdmin {
            values["access"] = ["readers": readers.joined(separator: ", "), "writers": writers.joined(separator: ", ")]
        }
        return values
    }

    /// The source rows, by slug, and the previews: images shown from their signed URL, FITS images through the
    /// preview route.
    private func sourceRows(_ files: JSONValue, product: String) -> ([[String: Any]], [[String: Any]]) {
        guard case .object(let bySlug) = files else { return ([], []) }
        var rows: [[String: Any]] = [], previews: [[String: Any]] = []
        for (slug, file) in bySlug.sorted(by: { $0.key < $1.key }) {
            let name = file["name"]?.stringValue ?? "", size = file["size"]?.intValue ?? 0
            let url = file["url"]?.stringValue, description = file["description"]?.stringValue ?? ""
            rows.append([
                "slug": slug, "name": name, "downloadable": url != nil, "url": url ?? "", "size": WebFormat.bytes(size),
                "bytes": String(size), "checksum": file["checksum"]?.stringValue ?? "", "hasDescription": !description.isEmpty,
                "description": description,
            ])
            guard let url else { continue }
            if WebFormat.isImage(name) {
                previews.append(["image": url, "link": url, "alt": "\(slug): \(name)", "caption": "\(slug): \(name)"])
            } else if WebFormat.isFITS(name), size <= ProductPage.largestPreviewedFITS {
                previews.append([
                    "image": "/web/product/\(product)/preview/\(WebForm.encode(slug))", "link": url, "alt": "preview of \(slug): \(name)",
                    "caption": "\(slug): \(name) (preview of its first image, scaled)",
                ])
            }
        }
        return (rows, previews)
    }

    /// A version's place in its chain: versions only grow, so their numbers order them.
    static func order(_ version: JSONValue) -> [Int] {
        ProductVersion(version["version"]?.stringValue ?? "")?.parts ?? [Int.max]
    }

    /// A JSON list of strings.
    static func strings(_ value: JSONValue?) -> [String] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap(\.stringValue)
    }
}
