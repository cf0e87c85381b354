import Foundation
import SciCore
import SciHTTP

// Drives the libraries directly for `make bench`, printing one JSON object per run so the script can compare it
// with the peer. Usage: sci-bench download URL FILE | sci-bench hash FILE [REPEATS] | sci-bench hippo-push SERVER FILE [PART]
// | sci-bench upload URL FILE [HEADER:VALUE]
let arguments = CommandLine.arguments
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("sci-bench: \(message)\n".utf8))
    exit(2)
}
guard arguments.count >= 3 else { fail("usage: sci-bench download URL FILE | sci-bench hash FILE [REPEATS] | sci-bench hippo-push SERVER FILE [PART]") }
let clock = ContinuousClock()
switch arguments[1] {
case "download":
    guard arguments.count == 4 else { fail("usage: sci-bench download URL FILE") }
    let client = HTTPClient()
    let started = clock.now
    let result = try await client.download(HTTPRequest(.get, arguments[2]), to: arguments[3])
    let seconds = (clock.now - started) / .seconds(1)
    print(#"{"bytes": \#(result.size), "seconds": \#(seconds), "checksum": "\#(result.checksum)"}"#)
case "upload":
    // One PUT of a whole file, as `sci henry push` sends a file under its multipart threshold.
    guard arguments.count >= 4 else { fail("usage: sci-bench upload URL FILE [HEADER:VALUE]") }
    var request = HTTPRequest(.put, arguments[2])
    if arguments.count > 4, let colon = arguments[4].firstIndex(of: ":") {
        request.headers[String(arguments[4][..<colon])] = String(arguments[4][arguments[4].index(after: colon)...])
    }
    let started = clock.now
    let answer = try await HTTPClient().upload(file: arguments[3], to: request)
    let seconds = (clock.now - started) / .seconds(1)
    print(#"{"bytes": \#(FileDescriptor.size(of: arguments[3]) ?? 0), "seconds": \#(seconds), "status": \#(answer.status)}"#)
case "hash":
    let repeats = arguments.count > 3 ? Int(arguments[3]) ?? 1 : 1
    let size = FileDescriptor.size(of: arguments[2]) ?? 0
    var best = Double.infinity
    var checksum = Checksum(xxh64: 0)
    for _ in 0..<repeats {
        let started = clock.now
        checksum = try Checksum.xxh64(ofFileAt: arguments[2])
        best = min(best, (clock.now - started) / .seconds(1))
    }
    print(#"{"bytes": \#(size), "seconds": \#(best), "gbps": \#(Double(size) / best / 1e9), "checksum": "\#(checksum)"}"#)
case "hippo-push":
    // HIPPO's multipart flow against a HIPPO-compatible server: new, part PUTs in order, complete, confirm.
    guard arguments.count >= 4 else { fail("usage: sci-bench hippo-push SERVER FILE [PART]") }
    let (server, path) = (arguments[2], arguments[3])
    let partSize = arguments.count > 4 ? Int64(arguments[4]) ?? 52_428_800 : 52_428_800
    let size = FileDescriptor.size(of: path) ?? 0
    let name = URL(fileURLWithPath: path).lastPathComponent
    // The client hashes before it announces the file; that is not part of the transfer being measured.
    let checksum = try Checksum.xxh64(ofFileAt: path)
    let client = HTTPClient()
    let started = clock.now
    let created = try JSONValue(
        parsing: try await client.send(
            HTTPRequest.json(
                .put, server + "/product/new",
                body: JSONValue.object([
                    "name": .string("bench \(UUID().uuidString)"), "description": .string("sci-bench hippo-push"), "metadata": .null,
                    "multipart_batch_size": .int(partSize),
                    "sources": .object(["data": .object(["name": .string(name), "size": .int(size), "checksum": .string(checksum.description)])]),
                ]))
        ).body)
    guard let id = created["id"]?.stringValue, case .array(let urls) = created["upload_urls"]?[name] else { fail("unexpected answer \(created)") }
    var etags: [JSONValue] = []
    var sizes: [JSONValue] = []
    for (index, url) in urls.enumerated() {
        let range = Int64(index) * partSize..<min(size, Int64(index + 1) * partSize)
        let response = try await client.upload(file: path, range: range, to: HTTPRequest(.put, url.stringValue ?? ""))
        etags.append(.object(["ETag": .string(response.headers["ETag"] ?? "")]))
        sizes.append(.int(Int64(range.count)))
    }
    _ = try await client.send(
        HTTPRequest.json(
            .post, server + "/product/\(id)/complete",
            body: JSONValue.object(["headers": .object([name: .array(etags)]), "sizes": .object([name: .array(sizes)])])))
    _ = try await client.send(HTTPRequest(.post, server + "/product/\(id)/confirm"))
    let seconds = (clock.now - started) / .seconds(1)
    print(#"{"bytes": \#(size), "seconds": \#(seconds), "id": "\#(id)"}"#)
default:
    fail("unknown benchmark '\(arguments[1])'")
}
