import Foundation
import TestSupport

// A DIALS fixture as a process, for the cmsdials peer case and the benchmark: prints `PORT` on its first line and
// serves until killed. Usage: dials-fixture-server [--port P] [--seed S] [--runs N]
let arguments = CommandLine.arguments
func option(_ name: String) -> Int? { arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? Int(arguments[$0 + 1]) : nil } }
let fixture = DialsFixture(universe: DialsUniverse(seed: UInt64(option("--seed") ?? 1), runsPerDataset: option("--runs") ?? 1000))
let server = try await fixture.start(port: option("--port") ?? 0)
FileHandle.standardOutput.write(Data("\(server.port)\n".utf8))
while true { try await Task.sleep(for: .seconds(3600)) }
