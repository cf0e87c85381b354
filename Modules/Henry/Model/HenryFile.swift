import Foundation
import SciCore

/// A local product or collection kept as a JSON file, as henry's pydantic models dump them. Source paths in the file
/// may be relative to the file's folder; once pushed, the file records the server's ids so pushing again does nothing.
public enum HenryFile: Sendable, Hashable {
    case product(LocalProduct)
    case collection(LocalCollection)

    /// Reads a product or collection (a JSON object with `products` or `collections` is a collection).
    public static func load(_ path: String) throws -> HenryFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw FileError.cannotRead(path, errno: errno) }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: data)
        } catch {
            throw SciError("\(path) is not valid JSON", hint: "make one with `sci henry new`")
        }
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if json["products"] != nil || json["collections"] != nil {
                return .collection(resolve(try JSONDecoder().decode(LocalCollection.self, from: data), in: folder))
            }
            return .product(resolve(try JSONDecoder().decode(LocalProduct.self, from: data), in: folder))
        } catch let error as DecodingError {
            throw SciError("\(path): \(error.reason) at \(error.jsonPath)", hint: "a product needs name, description, metadata and sources")
        }
    }

    /// Writes the product or collection atomically, pretty-printed.
    public func save(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        switch self {
        case .product(let product): data = try encoder.encode(product)
        case .collection(let collection): data = try encoder.encode(collection)
        }
        try AtomicFile.write(data + Data("\n".utf8), to: path)
    }

    private static func resolve(_ product: LocalProduct, in folder: String) -> LocalProduct {
        var product = product
        for slug in product.slugs {
            guard var source = product[slug], !source.path.hasPrefix("/") else { continue }
            source.path = URL(fileURLWithPath: source.path, relativeTo: URL(fileURLWithPath: folder.isEmpty ? "." : folder, isDirectory: true)).path
            try? product.set(slug, source)
        }
        return product
    }

    private static func resolve(_ collection: LocalCollection, in folder: String) -> LocalCollection {
        var collection = collection
        collection.products = collection.products.map { resolve($0, in: folder) }
        collection.collections = collection.collections.map { resolve($0, in: folder) }
        return collection
    }
}
