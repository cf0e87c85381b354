import Foundation
import SciCore
import Testing

@testable import SciCLI

private struct InternalGlitch: Error {
    var code = 42
}

private struct Payload: Decodable {
    var name: String
}

@Suite struct ErrorReportTests {
    @Test func sciErrorIsOneLinePlusHint() {
        let report = ErrorReport(SciError("no such product 'x'", hint: "run `sci henry search`", exitCode: 4), verbose: false)
        #expect(report.lines == ["error: no such product 'x'", "hint: run `sci henry search`"])
        #expect(report.exitCode == 4)
    }

    @Test func causeOnlyWithVerbose() {
        let error = SciError("cannot reach the server", underlying: InternalGlitch())
        #expect(ErrorReport(error, verbose: false).lines == ["error: cannot reach the server"])
        let verbose = ErrorReport(error, verbose: true).lines
        #expect(verbose.count == 2)
        #expect(verbose[1].hasPrefix("cause: ") && verbose[1].contains("42"))
    }

    @Test func unknownErrorsShowNoTypeNames() {
        let report = ErrorReport(InternalGlitch(), verbose: false)
        #expect(report.lines == ["error: unexpected failure", "hint: run the command again with --verbose for details"])
        #expect(report.exitCode == 1)
        #expect(ErrorReport(InternalGlitch(), verbose: true).text.contains("InternalGlitch"))
    }

    @Test func fileSystemErrorsKeepTheirSentence() {
        let report = ErrorReport(FileError.cannotOpen("/nope", errno: ENOENT), verbose: false)
        #expect(report.lines == ["error: cannot open /nope: No such file or directory"])
    }

    @Test func decodingErrorsSayWhatWasWrong() throws {
        let error = try #require(throws: DecodingError.self) { try JSONDecoder().decode(Payload.self, from: Data("{}".utf8)) }
        let line = ErrorReport(error, verbose: false).lines[0]
        #expect(line.hasPrefix("error: could not read the data: "))
        #expect(!line.contains("DecodingError"))
    }

    @Test func multiLineMessagesBecomeOneLine() {
        #expect(ErrorReport(SciError("first\n  second"), verbose: false).lines == ["error: first second"])
    }

    @Test func secretsAreMaskedEvenWhenAServerEchoesThem() {
        let token = Secret("echoed-token-\(UUID().uuidString)")
        let report = ErrorReport(SciError("server said: bad token \(token.reveal())"), verbose: true)
        #expect(report.lines == ["error: server said: bad token <redacted>"])
    }
}
