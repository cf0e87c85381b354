import Foundation
import SciCore
import Henry
import HippoServer
import Logging
import SciS3
import TestSupport

/// `sci henry serve` in-process on loopback over a temporary root, with a writer's key, and a Henry client for it
/// whose cache lives in the same temporary folder.
final class LocalRegistry: Sendable {
    let folder: TemporaryDirectory
    let server: HippoServer
    let task: Task<Void, any Error>
    let port: Int
    let key: String

    /// A server over a temporary root; with `moto`, its file bodies go to `s3://henry-test/files` there.
    init(moto: MotoServer? = nil) async throws {
        folder = try TemporaryDirectory("henry-test")
        var configuration = HippoServerConfiguration(root: folder.file("root"))
        if let moto {
            configuration.blobs = "s3://henry-test/files"
            configuration.s3 = S3Configuration(
                endpoint: moto.endpoint, credentials: S3Credentials(accessKeyId: moto.accessKeyId, secretAccessKey: Secret(moto.secretAccessKey)))
        }
        server = try await HippoServer(configuration: configuration, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        (port, task) = try await server.start()
        key = try APIKeys(root: folder.file("root")).add(name: "alice", scopes: [.read, .write]).reveal()
    }

    var host: String { "http://127.0.0.1:\(port)" }

    /// Settings for this server; `key` nil sends none.
    func settings(key: String? = nil, cache: String = "cache") -> HenrySettings {
        var settings = HenrySettings()
        settings.host = host
        settings.apiKey = Secret(key ?? self.key)
        settings.caches = [folder.file(cache)]
        return settings
    }

    func henry(key: String? = nil) throws -> Henry { try Henry(settings: settings(key: key)) }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// Bytes that differ from file to file (by seed) and from place to place, so a byte out of place shows.
func bytes(_ count: Int, seed: UInt64) -> Data {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    return Data((0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    })
}
