import Foundation
import SciCore

extension Henry {
    /// Downloads a product version into `directory/<name>/`: `product.json` and `<slug>/<file name>` per source, as
    /// hippoclient lays it out. Files already there with the right checksum are kept; files in the cache are copied
    /// from it. Returns the product's folder.
    @discardableResult
    public func downloadProduct(_ id: String, to directory: String, slugify: Bool = false) async throws -> String {
        let record = try await client.product(id)
        let folder = "\(directory)/\(try Self.folderName(record.name, slugify: slugify, what: "the product name"))"
        let files = try await client.files(id)
        // Every name is checked before the first folder is made, so a refused one leaves nothing behind.
        var destinations: [String: (folder: String, path: String)] = [:]
        for (slug, file) in files {
            let slugFolder = "\(folder)/\(try SafePath.component(slug, "the slug"))"
            destinations[slug] = (slugFolder, "\(slugFolder)/\(try SafePath.component(file.name, "the file name"))")
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (slug, file) in files.sorted(by: { $0.key < $1.key }) {
            let destination = destinations[slug]!.path
            if FileManager.default.fileExists(atPath: destination), (try? Checksum.xxh64(ofFileAt: destination).description) == file.checksum {
                logger.info("\(destination) is up to date")
                continue
            }
            try file.checkDownload(into: folder)
            try FileManager.default.createDirectory(atPath: destinations[slug]!.folder, withIntermediateDirectories: true)
            if let cached = try cache.lookup(file) {
                try? FileManager.default.removeItem(atPath: destination)
                try FileManager.default.copyItem(atPath: cached, toPath: destination)
            } else {
                guard let url = file.url else { throw SciError("the server gave no download URL for \(file.name)") }
                try await client.download(url, to: destination, checksum: file.checksum, size: file.size, progress: progress())
            }
        }
        try AtomicFile.write(try Self.prettyJSON(record), to: "\(folder)/product.json")
        return folder
    }

    /// Downloads a collection into `directory/<name>/`: `collection.json`, a folder per product, and a folder per
    /// child collection, recursively. Returns the collection's folder.
    @discardableResult
    public func downloadCollection(_ id: String, to directory: String, slugify: Bool = false) async throws -> String {
        let record = try await client.collection(id)
        let folder = "\(directory)/\(try Self.folderName(record.name, slugify: slugify, what: "the collection name"))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for product in record.products { try await downloadProduct(product.id, to: folder, slugify: slugify) }
        for child in record.childCollections { try await downloadCollection(child.id, to: folder, slugify: slugify) }
        try AtomicFile.write(try Self.prettyJSON(record), to: "\(folder)/collection.json")
        return folder
    }

    /// Django's `slugify`, as hippoclient uses it for folder names: ASCII, lowercase, words joined by dashes.
    public static func slugify(_ text: String) -> String {
        let ascii = text.decomposedStringWithCompatibilityMapping
        let kept = ascii.unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_- \t\n".unicodeScalars.contains($0)) }
        let words = String(String.UnicodeScalarView(kept)).lowercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "\t" || $0 == "\n" })
        return words.joined(separator: "-").trimmingCharacters(in: CharacterSet(charactersIn: "-_"))
    }

    /// The folder a product or collection downloads into: its name, slugified when asked. A name that is not one
    /// plain path component (`a/b`, `..`) is refused; `--slugify` makes a folder name of any name.
    static func folderName(_ name: String, slugify: Bool, what: String) throws -> String {
        do {
            return try SafePath.component(slugify ? Self.slugify(name) : name, what)
        } catch let error as SciError where !slugify {
            throw SciError(error.message, hint: "download with --slugify to make a folder name from it")
        }
    }

    static func prettyJSON(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
