import Foundation

/// A real local S3 for tests: `moto_server` from the s3 peer's venv (`~/.cache/sci/peers/s3`, made by `make test`'s
/// set-up, or `SCI_S3_PEER`), started on a free loopback port and stopped by its pid. Tests that need it say
/// `.enabled(if: MotoServer.isInstalled)`.
public final class MotoServer: Sendable {
    /// The peer's venv.
    public static let venv = ProcessInfo.processInfo.environment["SCI_S3_PEER"]
        ?? (NSHomeDirectory() + "/.cache/sci/peers/s3")
    /// Whether moto is installed, so tests can run.
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: venv + "/bin/moto_server") }

    /// `http://127.0.0.1:PORT`.
    public let endpoint: String
    /// The port.
    public let port: Int
    /// The key to sign with: an IAM key that moto checks when `authenticated`, any placeholder otherwise.
    public let accessKeyId: String
    /// The secret of that key.
    public let secretAccessKey: String
    private let process: Process

    /// Starts moto. `authenticated` makes an IAM key and then sets moto's `INITIAL_NO_AUTH_ACTION_COUNT` to 0, so
    /// every later request must be signed by that key and a wrong secret fails; without it moto accepts any key.
    public init(authenticated: Bool = false) throws {
        var lastError: any Error = POSIXError(.EADDRINUSE)
        // A free port can be taken between asking and binding; a few tries make that race harmless.
        for _ in 0..<3 {
            let port = try LoopbackPort.free()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.venv + "/bin/moto_server")
            process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            guard Self.waitUntilListening(port: port, process: process) else {
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
                lastError = POSIXError(.ECONNREFUSED)
                continue
            }
            self.process = process
            self.port = port
            endpoint = "http://127.0.0.1:\(port)"
            if authenticated {
                do {
                    (accessKeyId, secretAccessKey) = try Self.makeIAMKey(endpoint: "http://127.0.0.1:\(port)")
                } catch {
                    kill(process.processIdentifier, SIGKILL)
                    process.waitUntilExit()
                    throw error
                }
            } else {
                accessKeyId = "AKIAMOTOANYKEY000001"
                secretAccessKey = "moto-accepts-any-secret-without-auth"
            }
            return
        }
        throw lastError
    }

    deinit { stop() }

    /// Stops moto (by its pid) and waits for it. SIGKILL: moto's SIGTERM handler leaves the server running, and
    /// it holds nothing worth saving.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private static func makeIAMKey(endpoint: String) throws -> (String, String) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Integration/lib/moto-iam-key.py").path
        let output = Pipe()
        let python = Process()
        python.executableURL = URL(fileURLWithPath: venv + "/bin/python")
        python.arguments = [script, endpoint]
        python.standardOutput = output
        python.standardError = FileHandle.nullDevice
        try python.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        let parts = String(decoding: data, as: UTF8.self).split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard python.terminationStatus == 0, parts.count == 2 else { throw POSIXError(.EPROTO) }
        return (parts[0], parts[1])
    }

    /// Waits (up to a minute, for a loaded machine; it ends as soon as moto listens) for the port to accept.
    private static func waitUntilListening(port: Int, process: Process) -> Bool {
        for _ in 0..<600 {
            guard process.isRunning else { return false }
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(fd)
            if connected == 0 { return true }
            usleep(100_000)
        }
        return false
    }
}
