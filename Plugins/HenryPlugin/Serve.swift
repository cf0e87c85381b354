import ArgumentParser
import Foundation
import HippoServer
import SciCLI
import SciCore

/// `sci henry serve`: runs a HIPPO-compatible registry on SQLite and a content-addressed blob store.
struct Serve: AsyncParsableCommand, GlobalOptionsCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run a HIPPO-compatible registry server.",
        discussion: """
            Speaks HIPPO's API (products, collections, multipart uploads), so `sci henry` and HIPPO's Python client can
            use it. Writes need an API key (`Authorization: Bearer KEY`). --public lets callers without a key read what
            is public: products and collections whose readers include the group `public`. --auth none acts as one
            local user for every request, like HIPPO's mock authentication, and only binds loopback. Signed upload
            and download URLs start with --public-url (default http://HOST:PORT), never with a request's Host header.

            Examples:
              sci henry serve keys add alice
              sci henry serve --root ~/hippo --port 44776
              sci henry serve --auth none --port 8000
              sci henry serve --host 0.0.0.0 --public-url https://hippo.example.org --max-source-size 500G
              S3_ENDPOINT_URL=http://127.0.0.1:9000 sci henry serve --blobs s3://hippo/files \\
                --database postgresql://hippo@db.example.org/hippo --port 44777
            """,
        subcommands: [Keys.self])

    @OptionGroup var globals: GlobalOptions
    @OptionGroup var registry: RegistryOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 44776

    @Flag(help: "Let requests without a key read public products and collections (readers include `public`).")
    var `public` = false

    @Option(help: "`keys` (default) or `none` (every request acts as one local user; loopback only).")
    var auth = "keys"

    @Option(help: "The largest source file accepted, in bytes or with K, M, G, T (powers of 1024).")
    var maxSourceSize = "64G"

    @Option(help: "The URL clients reach the server at, for the upload and download URLs it hands out (default: http://HOST:PORT).")
    var publicURL: String?

    @Option(help: "Keep file bodies in S3 at s3://bucket/prefix (store and key from S3_ENDPOINT_URL, AWS_*); clients use presigned URLs.")
    var blobs: String?

    func validate() throws {
        if let blobs, !blobs.hasPrefix("s3://") { throw ValidationError("--blobs takes s3://bucket/prefix") }
        guard ["keys", "none"].contains(auth) else { throw ValidationError("--auth takes keys or none") }
        guard (0...65535).contains(port) else { throw ValidationError("--port takes 0 to 65535") }
        guard Serve.bytes(maxSourceSize) != nil else { throw ValidationError("--max-source-size takes bytes, such as 500M or 2T") }
        if let publicURL, URLComponents(string: publicURL)?.host?.isEmpty ?? true || !(publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://")) {
            throw ValidationError("--public-url takes an http:// or https:// URL, such as https://hippo.example.org")
        }
    }

    /// `500M`, `2T` or a plain byte count, checked: nil when malformed or past Int64.
    static func bytes(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let unit = trimmed.last.flatMap { units[$0] } ?? 1
        let digits = unit == 1 ? trimmed : String(trimmed.dropLast())
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let number = Int64(digits) else { return nil }
        let (value, overflow) = number.multipliedReportingOverflow(by: unit)
        return overflow ? nil : value
    }

    func run() async throws {
        var configuration = HippoServerConfiguration(root: registry.root)
        configuration.host = host
        configuration.port = port
        configuration.access = auth == "none" ? .none : .keys(publicReads: `public`)
        configuration.maxSourceSize = Serve.bytes(maxSourceSize) ?? configuration.maxSourceSize
        configuration.publicURL = publicURL
        configuration.blobs = blobs
        configuration.database = registry.database
        var logger = globals.logger(label: "sci.henry.serve")
        // One line per request is what an operator watches; -q keeps only errors.
        if !globals.quiet { logger.logLevel = min(logger.logLevel, .info) }
        let server = try await HippoServer(configuration: configuration, logger: logger)
        let (root, host, announcer) = (registry.root, host, logger)
        try await server.run { port in
            announcer.notice("serving the registry in \(root) on http://\(host):\(port)")
        }
    }
}
