import Foundation
import SciCore
import SciHTTP

// Drives the libraries directly for `make bench`, printing one JSON object per run so the script can compare it
// with the peer. Usage: sci-bench download URL FILE | sci-bench hash FILE [REPEATS]
let arguments = CommandLine.arguments
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("sci-bench: \(message)\n".utf8))
    exit(2)
}
guard arguments.count >= 3 else { fail("usage: sci-bench download URL FILE | sci-bench hash FILE [REPEATS]") }
let clock = ContinuousClock()
switch arguments[1] {
case "download":
    guard arguments.count == 4 else { fail("usage: sci-bench download URL FILE") }
    let client = HTTPClient()
    let started = clock.now
    let result = try await client.download(HTTPRequest(.get, arguments[2]), to: arguments[3])
    let seconds = (clock.now - started) / .seconds(1)
    print(#"{"bytes": \#(result.size), "seconds": \#(seconds), "checksum": "\#(result.checksum)"}"#)
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
default:
    fail("unknown benchmark '\(arguments[1])'")
}
