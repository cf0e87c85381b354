import Foundation
import TestSupport

// A DIALS fixture as a process, for the cmsdials peer case, the resume case and the benchmark: prints `PORT` on its
// first line and serves until killed.
let usage = """
    usage: dials-fixture-server [--port P] [--seed S] [--runs N]
      --port P   the loopback port to listen on (0, the default: a free one)
      --seed S   the seed of the generated data (default 1)
      --runs N   runs per dataset (default 1000)

    """

/// Says what is wrong with the command line and exits with 2, as command-line tools do for usage errors.
func refuse(_ message: String) -> Never {
    FileHandle.standardError.write(Data("dials-fixture-server: error: \(message)\n\(usage)".utf8))
    exit(2)
}

var options: [String: Int] = ["--port": 0, "--seed": 1, "--runs": 1000]
let ranges: [String: ClosedRange<Int>] = ["--port": 0...65_535, "--seed": 0...Int.max, "--runs": 1...100_000]
var arguments = CommandLine.arguments.dropFirst()[...]
while let argument = arguments.popFirst() {
    if argument == "--help" || argument == "-h" {
        print(usage, terminator: "")
        exit(0)
    }
    var name = argument, value: String?
    if let equals = argument.firstIndex(of: "=") {
        name = String(argument[..<equals])
        value = String(argument[argument.index(after: equals)...])
    }
    guard let range = ranges[name] else { refuse("unknown option '\(argument)'") }
    guard let text = value ?? arguments.popFirst() else { refuse("\(name) needs a value") }
    guard let number = Int(text), range.contains(number) else {
        refuse("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
    }
    options[name] = number
}

let fixture = DialsFixture(universe: DialsUniverse(seed: UInt64(options["--seed"] ?? 1), runsPerDataset: options["--runs"] ?? 1000))
let server: LoopbackServer
do {
    server = try await fixture.start(port: options["--port"] ?? 0)
} catch {
    FileHandle.standardError.write(Data("dials-fixture-server: error: cannot listen on 127.0.0.1:\(options["--port"] ?? 0): \(error)\n".utf8))
    exit(1)
}
FileHandle.standardOutput.write(Data("\(server.port)\n".utf8))
while true { try await Task.sleep(for: .seconds(3600)) }
