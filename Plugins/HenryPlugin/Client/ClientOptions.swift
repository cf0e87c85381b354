import ArgumentParser
import Foundation
import Henry
import SciCLI
import SciCore

/// How the client commands reach a server: the machine's HIPPO settings, with `--host` on top.
struct ClientOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The server's URL (default: host from ~/.hippo.conf, HIPPO_HOST or henry.host; else http://127.0.0.1:44776).",
        valueName: "url"))
    var host: String?

    @Option(help: ArgumentHelp(
        "A file holding the API key, readable by you only (default: HIPPO_API_KEY, henry.api_key_file, $XDG_CONFIG_HOME/sci/henry.key).",
        valueName: "path"))
    var apiKeyFile: String?

    /// The module's settings (`~/.hippo.conf`, `HIPPO_*`, the configuration) with these flags on top.
    func settings(_ globals: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> HenrySettings {
        var settings = try HenrySettings.load(config: try globals.loadConfig(environment: environment), environment: environment)
        if let host { settings.host = host.hasSuffix("/") ? String(host.dropLast()) : host }
        if let apiKeyFile { settings.apiKey = try SecretFile.read(apiKeyFile) }
        return settings
    }

    /// The client, with a progress bar per file on a terminal.
    func henry(_ globals: GlobalOptions) throws -> Henry {
        let settings = try settings(globals)
        var logger = globals.logger(label: "sci.henry")
        // hippoclient's `verbose: true` shows its "Successfully ..." lines; so does -v.
        if settings.verbose, !globals.quiet { logger.logLevel = min(logger.logLevel, .info) }
        let quiet = globals.quiet
        return try Henry(settings: settings, logger: logger, progress: ProgressBoard.reporters(quiet: quiet))
    }
}

/// Rows for listings.
enum Rows {
    static let productColumns = ["id", "name", "version", "type", "owner", "updated", "sources"]

    static func product(_ record: ProductRecord) -> [String: JSONValue] {
        [
            "id": .string(record.id), "name": .string(record.name), "description": .string(record.description),
            "version": .string(record.version), "current": .bool(record.current),
            "type": record.metadata["metadata_type"] ?? .string("simple"), "owner": .string(record.owner),
            "uploaded": .string(record.uploaded), "updated": .string(record.updated), "metadata": record.metadata,
            "sources": .string(record.sources.keys.sorted().joined(separator: ",")),
            "readers": .array(record.readers.map { .string($0) }), "writers": .array(record.writers.map { .string($0) }),
        ]
    }

    static let collectionColumns = ["id", "name", "description", "products", "children"]

    static func collection(_ record: CollectionRecord) -> [String: JSONValue] {
        [
            "id": .string(record.id), "name": .string(record.name), "description": .string(record.description),
            "owner": record.owner.map { .string($0) } ?? .null, "products": .int(Int64(record.products.count)),
            "children": .int(Int64(record.childCollections.count)),
        ]
    }
}
