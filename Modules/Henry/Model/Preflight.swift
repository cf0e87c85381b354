import Foundation

/// The checks henry runs before a push, reporting every problem rather than the first: names and descriptions of
/// two characters or more, valid slugs, sources with descriptions and readable regular files, and no two sources of a
/// product with one file name (the server keys uploads by file name).
public enum Preflight {
    /// Throws `PreflightFailed` listing every problem of the product.
    public static func check(_ product: LocalProduct) throws(PreflightFailed) {
        let found = problems(of: product)
        if !found.isEmpty { throw PreflightFailed(problems: found) }
    }

    /// Throws `PreflightFailed` listing every problem of the collection, its products and its children.
    public static func check(_ collection: LocalCollection) throws(PreflightFailed) {
        let found = problems(of: collection)
        if !found.isEmpty { throw PreflightFailed(problems: found) }
    }

    /// The problems of a product; none once it has been pushed.
    public static func problems(of product: LocalProduct) -> [String] {
        guard product.productID == nil else { return [] }
        let label = "product '\(product.name)'"
        var found = textProblems(name: product.name, description: product.description, label: label)
        found += sourceProblems(product.sources, validSlugs: product.metadata.validSlugs, type: product.metadata.type, label: label)
        return found
    }

    /// The problems of a collection, its products and child collections.
    public static func problems(of collection: LocalCollection) -> [String] {
        guard collection.collectionID == nil else { return [] }
        var found = collection.products.flatMap(problems(of:)) + collection.collections.flatMap(problems(of:))
        found += textProblems(name: collection.name, description: collection.description, label: "collection '\(collection.name)'")
        return found
    }

    /// Name and description checks, for products, collections and revisions.
    static func textProblems(name: String?, description: String?, label: String) -> [String] {
        var found: [String] = []
        if let name, name.trimmingCharacters(in: .whitespaces).count < 2 { found.append("\(label): the name needs two characters or more") }
        if let description, description.trimmingCharacters(in: .whitespaces).count < 2 {
            found.append("\(label): the description needs two characters or more")
        }
        return found
    }

    /// Checks of sources about to be uploaded.
    static func sourceProblems(_ sources: [String: LocalSource], validSlugs: Set<String>, type: String, label: String) -> [String] {
        var found: [String] = []
        var slugsByFileName: [String: [String]] = [:]
        for (slug, source) in sources.sorted(by: { $0.key < $1.key }) {
            let place = "\(label), source '\(slug)'"
            if !validSlugs.contains(slug) {
                found.append("\(place): not a valid slug for \(type) metadata (valid: \(validSlugs.sorted().joined(separator: ", ")))")
            }
            if (source.description ?? "").trimmingCharacters(in: .whitespaces).count < 2 {
                found.append("\(place): needs a description of two characters or more")
            }
            if source.name.count < 2 { found.append("\(place): the name needs two characters or more") }
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory) {
                found.append("\(place): no file at \(source.path)")
            } else if isDirectory.boolValue {
                found.append("\(place): \(source.path) is a folder; archive it into one file first")
            } else if !FileManager.default.isReadableFile(atPath: source.path) {
                found.append("\(place): \(source.path) is not readable")
            }
            slugsByFileName[source.fileName, default: []].append(slug)
        }
        for (fileName, slugs) in slugsByFileName.sorted(by: { $0.key < $1.key }) where slugs.count > 1 {
            found.append("\(label): sources \(slugs.joined(separator: ", ")) share the file name \(fileName); rename one")
        }
        return found
    }
}
