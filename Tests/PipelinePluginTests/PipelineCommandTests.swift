import AstroPipeline
import Foundation
import SciCore
import Testing
import TestSupport

/// `sci pipeline` as users run it.
@Suite(.serialized) struct PipelineCommandTests {
    func state(_ folder: TemporaryDirectory) -> JSONValue? {
        (try? Data(contentsOf: URL(fileURLWithPath: folder.file("log/pipeline.json")))).flatMap { try? JSONValue(parsing: $0) }
    }

    @Test func killedRunResumesWithoutRedoingFinishedSteps() async throws {
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
        for _ in 0..<200 where !running {
            try await Task.sleep(for: .milliseconds(50))
            if case .array(let names)? = state(folder)?["running"] { running = names.contains("slow") }
        }
        #expect(running)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let firstStart = state(folder)?["results"]?["sex"]?["startedAt"]
        #expect(firstStart != nil)

        try folder.writeFile("pipeline.yaml", yaml.replacingOccurrences(of: "sleep 30 && ", with: ""))
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

    @Test func oneLineErrorsAndDefaults() throws {
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

        let config = try SciProcess.run(["pipeline", "config", "scamp"])
        config.expectSuccess()
        #expect(config.stdout.contains("ASTREF_CATALOG"))
        let example = try SciProcess.run(["pipeline", "init"])
        example.expectSuccess()
        #expect(try PipelineFile.parse(example.stdout, workingDirectory: folder.path).steps.count == 9)
    }
}

extension SciProcess.Result {
    func expectSuccess(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == 0, "exit \(status): \(stderr)", sourceLocation: sourceLocation)
    }
}
