import Foundation
public import Hummingbird
import Logging
import NIOCore

/// A real HTTP server on 127.0.0.1 and a free port, for tests and benchmarks; stopped by `stop()`.
public final class LoopbackServer: Sendable {
    /// The port the server listens on.
    public let port: Int
    private let task: Task<Void, any Error>

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.task = task
    }

    /// Starts a server for `router` and returns once it accepts connections; throws when it cannot listen (the port
    /// is taken).
    public static func start(
        _ router: Router<BasicRequestContext>, host: String = "127.0.0.1", port: Int = 0
    ) async throws -> LoopbackServer {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "sci-test"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: Logger(label: "sci.test-server", factory: { _ in SwiftLogNoOpLogHandler() }))
        let task = Task {
            do {
                try await app.run()
            } catch {
                // A server that cannot start (its port taken) ends the wait below with its error, instead of hanging.
                continuation.finish()
                throw error
            }
        }
        for await port in ports { return LoopbackServer(port: port, task: task) }
        try await task.value
        throw CancellationError()
    }

    /// Stops the server.
    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}
