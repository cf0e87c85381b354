import Hummingbird
public import Logging
import SciCore
import SciS3

/// A HIPPO-compatible data-product registry: HIPPO's routes over SQLite and a content-addressed blob store.
///
/// ```swift
/// let server = try await HippoServer(configuration: HippoServerConfiguration(root: "/data/hippo"))
/// try await server.run { port in print("listening on \(port)") }
/// ```
public final class HippoServer: Sendable {
    /// How the server runs.
    public let configuration: HippoServerConfiguration
    let registry: Registry
    let logger: Logger

    /// Opens the registry in `configuration.root` (creating it), and cleans up what an interrupted run left:
    /// expired uploads, unreferenced blobs, stray parts. Refuses `--auth none` on a non-loopback address.
    public init(configuration: HippoServerConfiguration, logger: Logger = Logger(label: "sci.hippo-server")) async throws {
        if configuration.access == .none && !configuration.bindsLoopback {
            throw SciError(
                "--auth none acts as one local user for every request, so it only binds a loopback address, not \(configuration.host)",
                exitCode: SciError.usageExitCode)
        }
        self.configuration = configuration
        self.logger = logger
        guard configuration.maxSourceSize >= 0 else { throw SciError("the largest source size must not be negative", exitCode: SciError.usageExitCode) }
        guard configuration.uploadLifetime >= 1, configuration.uploadLifetime <= 365 * 86_400 else {
            throw SciError("the upload lifetime must be between a second and a year", exitCode: SciError.usageExitCode)
        }
        var storage: (any BlobStorage)?
        if let blobs = configuration.blobs {
            storage = try await S3BlobStore(
                uri: blobs, configuration: try configuration.s3 ?? S3Configuration.fromEnvironment(),
                lifetime: configuration.uploadLifetime)
        }
        registry = try Registry(
            root: configuration.root, uploadLifetime: configuration.uploadLifetime,
            limits: UploadLimits(maxSourceSize: configuration.maxSourceSize), storage: storage,
            database: try configuration.database.map { try PostgresRegistryStore(url: $0) })
        let swept = try await registry.sweep()
        if swept.products + swept.blobs + swept.uploads > 0 {
            logger.notice(
                "cleaned up \(swept.products) abandoned uploads, \(swept.blobs) unused blobs, \(swept.uploads) stray part folders")
        }
    }

    /// Serves until the task is cancelled; `onReady` receives the port once connections are accepted.
    public func run(onReady: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.add(middleware: DetailMiddleware(logger: logger))
        let gatekeeper = Gatekeeper(policy: configuration.access, keys: registry.keys)
        ProductRoutes(registry: registry, gatekeeper: gatekeeper, jsonLimit: configuration.maxJSONBodySize).add(to: router)
        RelationshipRoutes(registry: registry, gatekeeper: gatekeeper, jsonLimit: configuration.maxJSONBodySize).add(to: router)
        TransferRoutes(registry: registry).add(to: router)
        if configuration.web {
            WebRoutes(
                registry: registry, gatekeeper: gatekeeper, secureCookies: configuration.publicURL?.lowercased().hasPrefix("https://") ?? false,
                logger: logger
            ).add(to: router)
        }
        if configuration.access == .none {
            logger.warning("authentication is off (--auth none): every request acts as test_user with every scope")
        }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "sci-hippo"),
            onServerRunning: { [registry, configuration] channel in
                let port = channel.localAddress?.port ?? 0
                registry.publicURL = configuration.publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? configuration.url(port: port)
                onReady(port)
            },
            logger: Logger(label: "sci.hippo-server.http", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            group.addTask { try await self.expireAbandonedUploads() }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Starts serving in a background task and returns once connections are accepted: the port (useful with port
    /// 0, which picks a free one) and the task, which stops the server when cancelled.
    public func start() async throws -> (port: Int, task: Task<Void, any Error>) {
        let (ports, ready) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await run { port in ready.yield(port); ready.finish() } }
        for await port in ports { return (port, task) }
        // The stream ended without a port: the server failed before listening; its task holds why.
        try await task.value
        throw SciError("the registry stopped before it accepted connections")
    }

    /// While serving, discards uploads that outlived their URLs, a few times per lifetime (at most hourly).
    private func expireAbandonedUploads() async throws {
        let interval = min(3600, max(1, configuration.uploadLifetime / 4))
        while true {
            try await Task.sleep(for: .seconds(interval))
            let expired = try await registry.expireUploads()
            if expired > 0 { logger.notice("discarded \(expired) uploads not completed within \(Int(configuration.uploadLifetime)) s") }
        }
    }
}
