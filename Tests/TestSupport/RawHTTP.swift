public import Foundation

/// HTTP/1.1 written by hand over a socket, for tests that must send what a well-behaved client never would
/// (any method, a forged `Host`, malformed ranges, bodies that do not match their headers) and read every answer
/// header, whatever the status.
public enum RawHTTP {
    /// An answer: status, headers (names lower-cased) and body. Status 0 means the server answered nothing at all.
    public struct Answer: Sendable {
        /// The status code, 0 when the connection closed without an answer.
        public var status: Int
        /// Header values by lower-cased name.
        public var headers: [String: String]
        /// The body as received (chunked bodies are not decoded).
        public var body: Data
        /// The body as text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends one request to 127.0.0.1:`port` and reads the answer until the server closes the connection.
    public static func send(
        port: Int, method: String, path: String, headers: [(String, String)] = [], body: Data = Data()
    ) async throws -> Answer {
        var head = "\(method) \(path) HTTP/1.1\r\n"
        var fields = headers
        if !fields.contains(where: { $0.0.lowercased() == "host" }) { fields.insert(("Host", "127.0.0.1:\(port)"), at: 0) }
        if !fields.contains(where: { $0.0.lowercased() == "content-length" }) { fields.append(("Content-Length", "\(body.count)")) }
        fields.append(("Connection", "close"))
        for (name, value) in fields { head += "\(name): \(value)\r\n" }
        var request = Data((head + "\r\n").utf8)
        request.append(body)
        let bytes = request
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try exchange(port: port, bytes) }) }
        }
    }

    private static func exchange(port: Int, _ request: Data) throws -> Answer {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ECONNREFUSED) }
        // The server may answer (and close) before reading a body it refuses; a failed write is not the answer.
        request.withUnsafeBytes { buffer in
            var sent = 0
            while sent < buffer.count {
                let count = Foundation.send(fd, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
                if count <= 0 { break }
                sent += count
            }
        }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
        }
        return parse(received)
    }

    private static func parse(_ data: Data) -> Answer {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { return Answer(status: 0, headers: [:], body: data) }
        let lines = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Answer(status: status, headers: headers, body: Data(data[end.upperBound...]))
    }
}
