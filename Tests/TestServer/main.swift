import Foundation
import TestSupport

// The fixture server as a process, for benchmarks and integration cases: prints `PORT` on its first line,
// serves until killed. Usage: sci-test-server [--port P]
let arguments = CommandLine.arguments
let requested = arguments.firstIndex(of: "--port").flatMap { Int(arguments[$0 + 1]) } ?? 0
let server = try await LoopbackServer.start(HTTPFixtureRoutes.router(), port: requested)
FileHandle.standardOutput.write(Data("\(server.port)\n".utf8))
while true { try await Task.sleep(for: .seconds(3600)) }
