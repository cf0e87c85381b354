import Dials
import Foundation
import SciCore
import SciHTTP
import Testing
import TestSupport

/// The DIALS fixture server itself: it is the judge of the other tests and of the cmsdials case, so it must fail
/// loudly and answer as DIALS does.
@Suite struct DialsFixtureTests {
    /// Runs `dials-fixture-server` from this build, on a thread of its own, until it exits.
    /// How the fixture server ended and what it printed.
    struct Ended {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func fixtureServer(_ arguments: [String]) async throws -> Ended {
        let program = URL(fileURLWithPath: try SciProcess.executable()).deletingLastPathComponent()
            .appendingPathComponent("dials-fixture-server").path
        let folder = try TemporaryDirectory()
        let out = try folder.writeFile("out", ""), err = try folder.writeFile("err", "")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
        await withCheckedContinuation { continuation in
            Thread {
                process.waitUntilExit()
                continuation.resume()
            }.start()
        }
        return Ended(status: process.terminationStatus, stdout: try String(contentsOfFile: out, encoding: .utf8),
                                 stderr: try String(contentsOfFile: err, encoding: .utf8))
    }

    @Test(.timeLimit(.minutes(1)))
    func aTakenPortIsAnErrorNotAHang() async throws {
        try await withDials { fixture, _, server in
            let error = try await #require(throws: (any Error).self) { _ = try await fixture.start(port: server.port) }
            #expect("\(error)".contains("Address already in use"), "\(error)")
            let taken = try await fixtureServer(["--port", String(server.port)])
            #expect(taken.status == 1 && taken.stderr.contains("cannot listen on 127.0.0.1:\(server.port)"))
        }
    }

    @Test func theCommandLineIsParsed() async throws {
        let help = try await fixtureServer(["--help"])
        #expect(help.status == 0 && help.stdout.hasPrefix("usage: dials-fixture-server"))
        for (arguments, message) in [
            (["--prot", "5"], "unknown option '--prot'"), (["--port", "abc"], "--port must be a whole number from 0 to 65535, not 'abc'"),
            (["--seed=-1"], "--seed must be a whole number from 0 to"), (["--runs"], "--runs needs a value"),
        ] {
            let refused = try await fixtureServer(arguments)
            #expect(refused.status == 2 && refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
        }
    }

    @Test func nextKeepsThePortAndABadRegexIsA400WithItsReason() async throws {
        try await withDials { _, client, server in
            let page = try await client.list(try DialsFilters(.run, ["page_size": "3"]))
            #expect(page.next?.hasPrefix("http://127.0.0.1:\(server.port)/api/v1/run/?next_token=") == true)
            let error = try await #require(throws: HTTPError.self) {
                _ = try await client.list(try DialsFilters(.h1d, ["me__regex": "charge_(PX"]))
            }
            guard case .status(400, let excerpt, _) = error else { Issue.record("not a 400: \(error)"); return }
            #expect(excerpt.contains("me__regex: 'charge_(PX' is not a valid regular expression"))
        }
    }
}
