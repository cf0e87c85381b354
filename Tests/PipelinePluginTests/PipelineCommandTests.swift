import AstroPipeline
import Foundation
import PipelinePlugin
import SciCLI
import SciCore
import Testing
import TestSupport

/// `sci pipeline` as users run it.
@Suite(.serialized) struct PipelineCommandTests {
    func state(_ folder: TemporaryDirectory) -> JSONValue? {
        (try? Data(contentsOf: URL(fileURLWithPath: folder.file("log/pipeline.json")))).flatMap { try? JSONValue(parsing: $0) }
    }

    /// Sizes that would overflow the pixel arithmetic or exhaust memory are usage errors, named, with nothing written.
    @Test func synthRefusesSizesItCannotDraw() throws {
        let folder = try TemporaryDirectory()
        for (option, value) in [("--size", "9223372036854775807"), ("--stars", "999999999999"), ("--fwhm", "nan"), ("--images", "0")] {
            let result = try SciProcess.run(["pipeline", "synth", folder.file("data"), option, value])
            #expect(result.status == 2, "\(option) \(value)")
            #expect(result.stderr.contains(option), "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("data")))
        var field = StarField()
        field.size = 1 << 40
        #expect(throws: PipelineError.self) { try field.write(to: folder.file("library")) }
        #expect(!FileManager.default.fileExists(atPath: folder.file("library")))
    }

    @Test(.enabled(if: ProgramsOnPath.sourceExtractor, "needs SExtractor on PATH")) func killedRunResumesWithoutRedoingFinishedSteps() async throws {
        let folder = try TemporaryDirectory()
        try SciProcess.run(["pipeline", "synth", folder.file("data"), "--images", "1", "--size", "128", "--stars", "10"]).expectSuccess()
        let yaml = """
            paths: {temp: tmp, log: log}
            steps:
              - name: sex
                tool: SExtractor
                files: [data/img0.fits]
                parameters: [NUMBER, XWIN_IMAGE, YWIN_IMAGE, FLUX_AUTO]
                config: {CATALOG_NAME: tmp/img0.cat, CATALOG_TYPE: FITS_LDAC}
              - name: slow
                run: "sleep 30 && touch tmp/slow.done"
                outputs: [tmp/slow.done]
              - name: last
                run: "touch tmp/last.done"
                outputs: [tmp/last.done]
            """
        let file = try folder.writeFile("pipeline.yaml", yaml)
        let process = try SciProcess.start(["pipeline", "run", file])
        var running = false
        for _ in 0..<1200 where !running {
            try await Task.sleep(for: .milliseconds(50))
            if case .array(let names)? = state(folder)?["running"] { running = names.contains("slow") }
        }
        #expect(running)
        let shell = try #require(try await folder.lockedProgram(step: "slow"))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // The shell goes with sci (its parent-death signal), moments later.
        for _ in 0..<500 where kill(shell, 0) == 0 { try await Task.sleep(for: .milliseconds(20)) }
        let firstStart = state(folder)?["results"]?["sex"]?["startedAt"]
        #expect(firstStart != nil)

        // The shell died with sci, but its `sleep` did not, and it still holds the pipeline's lock: resume refuses.
        try folder.writeFile("pipeline.yaml", yaml.replacingOccurrences(of: "sleep 30 && ", with: ""))
        let refused = try SciProcess.run(["pipeline", "run", file, "--resume"])
        #expect(refused.status == 1)
        let line = try #require(refused.stderrLines.first { $0.hasPrefix("error:") })
        #expect(line.hasPrefix("error: a program of an earlier run of pipeline (sci pid \(process.processIdentifier), killed) is still running: sleep (pid "), "\(line)")
        let sleeper = try #require(line.split(separator: "(pid ").last.flatMap { Int32($0.prefix { $0.isNumber }) })
        kill(sleeper, SIGTERM)
        while kill(sleeper, 0) == 0 { try await Task.sleep(for: .milliseconds(20)) }
        let resumed = try SciProcess.run(["pipeline", "run", file, "--resume"])
        resumed.expectSuccess()
        #expect(resumed.stderrLines.first == "slow: success" || resumed.stderrLines.first?.hasPrefix("slow: success") == true)
        #expect(!resumed.stderr.contains("sex:"))
        #expect(state(folder)?["results"]?["sex"]?["startedAt"] == firstStart)
        #expect(FileManager.default.fileExists(atPath: folder.file("tmp/last.done")))

        let status = try SciProcess.run(["pipeline", "status", file, "--format", "jsonl"])
        status.expectSuccess()
        #expect(status.stdout.split(separator: "\n").count == 3 && status.stdout.contains("NSextracted"))
    }

    @Test(.enabled(if: ProgramsOnPath.sourceExtractor, "needs SExtractor on PATH")) func aProgramsOwnErrorIsOneLine() throws {
        let folder = try TemporaryDirectory()
        let file = try folder.writeFile("p.yaml", """
            paths: {temp: tmp, log: log}
            steps:
              - name: sex
                tool: sex
                files: [nope.fits]
                parameters: [NUMBER]
            """)
        let failed = try SciProcess.run(["pipeline", "run", file])
        #expect(failed.status == 1)
        #expect(failed.stderrLines.last { $0.hasPrefix("error:") } == "error: step 0 (sex) failed: cannot open nope.fits")
    }

    @Test func everyCommandDeclaresItsGlobalOptions() {
        #expect(PipelinePlugin.commandsWithoutGlobalOptions == [])
    }

    @Test func defaultsAndTheExample() throws {
        let folder = try TemporaryDirectory()
        let config = try SciProcess.run(["pipeline", "config", "scamp"])
        config.expectSuccess()
        #expect(config.stdout.contains("ASTREF_CATALOG"))
        let example = try SciProcess.run(["pipeline", "init"])
        example.expectSuccess()
        #expect(try PipelineFile.parse(example.stdout, workingDirectory: folder.path).steps.count == 9)
    }
}

extension PipelineCommandTests {
    func slowPipeline(_ folder: TemporaryDirectory) throws -> String {
        try folder.writeFile("pipeline.yaml", """
            paths: {temp: tmp, log: log}
            steps:
              - {name: slow, run: "exec sleep 60", outputs: [tmp/none]}
              - {name: last, run: "touch tmp/last.done", outputs: [tmp/last.done]}
            """)
    }

    @Test func theProgramDiesWithAKilledSci() async throws {
        let folder = try TemporaryDirectory()
        let file = try slowPipeline(folder)
        let process = try SciProcess.start(["pipeline", "run", file])
        let program = try #require(try await folder.lockedProgram(step: "slow"))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        var alive = true
        for _ in 0..<100 where alive {
            try await Task.sleep(for: .milliseconds(20))
            alive = kill(program, 0) == 0
        }
        #expect(!alive, "sleep (pid \(program)) outlived kill -9 of sci")
    }

    @Test func sigtermStopsTheProgramAndRecordsTheStep() async throws {
        let folder = try TemporaryDirectory()
        let file = try slowPipeline(folder)
        let process = try SciProcess.start(["pipeline", "run", file])
        let program = try #require(try await folder.lockedProgram(step: "slow"))
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + SIGTERM)
        #expect(kill(program, 0) != 0)
        let status = try SciProcess.run(["pipeline", "status", file, "--format", "jsonl"])
        #expect(status.stdout.contains(#""status":"interrupted""#), "\(status.stdout)")
    }

    @Test func aSecondRunSaysWhoHoldsTheLock() async throws {
        let folder = try TemporaryDirectory()
        let file = try slowPipeline(folder)
        let process = try SciProcess.start(["pipeline", "run", file])
        let program = try #require(try await folder.lockedProgram(step: "slow"))
        let second = try SciProcess.run(["pipeline", "run", file])
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(second.status == 1)
        #expect(second.stderrLines.count == 2)
        #expect(second.stderr.hasPrefix("error: pipeline is being run by sci (pid \(process.processIdentifier)) since "), "\(second.stderr)")
        #expect(second.stderrLines.first?.hasSuffix(", running slow (sh, pid \(program))") == true)
        #expect(second.stderrLines.last == "hint: wait for it to finish, or stop it with kill \(process.processIdentifier)")
    }

    @Test func ignoredFailuresStillFailTheRunAndMistakesAreOneLine() throws {
        let folder = try TemporaryDirectory()
        let file = try folder.writeFile("p.yaml", """
            paths: {temp: tmp, log: log}
            steps:
              - {name: a, run: "exit 3"}
              - {name: b, run: "exit 4", ignore_errors: true}
              - {name: c, run: "true"}
            """)
        let run = try SciProcess.run(["pipeline", "run", file, "--ignore-errors"])
        #expect(run.status == 1)
        #expect(run.stderrLines.suffix(3) == ["3 ran (2 failed), 0 up to date", "error: 1 step failed: a",
                                             "hint: see sci pipeline log \(file) a; fix, then run again (finished steps are skipped)"])
        let log = try SciProcess.run(["pipeline", "log", file, "nosuch"])
        #expect(log.status == 2)
        #expect(log.stderrLines == ["error: \(file) has no step named nosuch", "hint: steps: a, b, c"])
        let tags = try SciProcess.run(["pipeline", "run", file, "--tags", "nosuchtag"])
        #expect(tags.status == 2)
        #expect(tags.stderrLines == ["error: no step has the tag nosuchtag", "hint: the steps have no tags"])
    }
}

extension SciProcess.Result {
    func expectSuccess(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == 0, "exit \(status): \(stderr)", sourceLocation: sourceLocation)
    }
}
