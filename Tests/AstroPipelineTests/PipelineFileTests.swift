import AstroPipeline
import Foundation
import SciCore
import Testing
import TestSupport

/// Every mistake in a pipeline file is one line naming the file, the place and the fix, and changes nothing.
@Suite struct PipelineFileTests {
    func rejection(_ yaml: String, source: String = "p.yaml") throws -> SciError? {
        let folder = try TemporaryDirectory()
        do {
            _ = try PipelineFile.parse(yaml, source: source, workingDirectory: folder.path)
            return nil
        } catch {
            let made = try folder.contents()
            #expect(made.isEmpty, "a rejected file created \(made)")
            return SciError.from(error)
        }
    }

    @Test func unknownKeysAreRefusedWithTheClosestKnownOne() throws {
        let yaml = """
            paths: {temp: tmp, log: log}
            steps:
              - name: sex
                tool: SExtractor
                files: [a.fits]
                weight: [a.weight.fits]
            """
        let error = try #require(try rejection(yaml))
        #expect(error.message == "p.yaml:6:5: step 0: unknown key `weight`; did you mean `weights`?")
        #expect(error.exitCode == 2)
        #expect(try rejection("build_path: {}\nsteps: []")?.message == "p.yaml:1:1: the pipeline: unknown key `build_path`; did you mean `build_paths`?")
        for (wrong, right) in [("parameter", "parameters"), ("ignore_error", "ignore_errors")] {
            #expect(try rejection("steps:\n  - {name: a, run: 'true', \(wrong): x}")?.message.hasSuffix("did you mean `\(right)`?") == true)
        }
    }

    @Test func unknownPathReferencesAreRefused() throws {
        let error = try #require(try rejection("""
            paths: {temp: tmp, log: log}
            steps:
              - name: copy
                run: "cp ${tmp}/a ${temp}/b"
            """))
        #expect(error.message == "p.yaml:4:10: copy: run: ${tmp} is not a path; did you mean ${temp}?")
        #expect(error.hint?.contains("paths: log, temp") == true)
    }

    @Test func dependenciesOnLaterStepsAndCyclesAreRefused() throws {
        let later = try #require(try rejection("""
            steps:
              - {name: a, run: 'true', depends_on: [b]}
              - {name: b, run: 'true'}
            """))
        #expect(later.message == "p.yaml:2:40: step a depends on b, which comes after it")
        #expect(later.hint == "move b before a: steps run in the order they are written")
        let cycle = try #require(try rejection("""
            steps:
              - {name: a, run: 'true', depends_on: [b]}
              - {name: b, run: 'true', depends_on: [a]}
            """))
        #expect(cycle.message == "p.yaml:2:40: steps depend on each other in a cycle: a → b → a")
        #expect(try rejection("steps:\n  - {name: a, run: 'true', depends_on: [nope]}")?.message.contains("depends on nope, which is not a step") == true)
    }

    @Test func brokenAndEmptyFilesSayWhereAndWhat() throws {
        let broken = try #require(try rejection("steps:\n  - name: a\n    run: [unclosed\n"))
        #expect(broken.message.hasPrefix("p.yaml:4:1: not valid YAML: "), "\(broken.message)")
        #expect(!broken.message.contains("DecodingError") && !broken.message.contains("Node"))
        #expect(try rejection("")?.message == "p.yaml is empty")
        #expect(try rejection("# nothing but a comment\n")?.message == "p.yaml is empty")
        #expect(try rejection("steps:\n  - {name: a, run: 'true', ignore_errors: perhaps}")?.message
            == "p.yaml:2:43: a: ignore_errors must be true or false, found perhaps")
        #expect(try rejection("steps:\n  - {name: a, run: 'true'}\n  - {name: a, run: 'true'}")?.message == "p.yaml:3:12: two steps are named a")
    }

    @Test func stateIsKeptBesideTheFileWithoutALogPath() async throws {
        let folder = try TemporaryDirectory()
        let file = try folder.writeFile("night.yaml", """
            steps:
              - {name: make, run: "echo x > out.txt", outputs: [out.txt], inputs: [in.txt]}
            """)
        try folder.writeFile("in.txt", "1")
        let first = try PipelineFile.load(file)
        #expect(first.stateFile?.hasSuffix("/night.state/pipeline.json") == true)
        #expect(try await first.run().ran == ["make"])
        #expect(FileManager.default.fileExists(atPath: folder.file("night.state/pipeline.json")))
        // A new process sees the result: nothing to do.
        let second = try PipelineFile.load(file)
        #expect(second.results["make"]?.status == .success)
        #expect(try await second.run().upToDate == ["make"])
    }

    @Test func readingTheStateCreatesNoFolder() throws {
        let folder = try TemporaryDirectory()
        let file = try folder.writeFile("p.yaml", "paths: {temp: work/tmp, log: work/log}\nsteps:\n  - {name: a, run: 'true'}")
        let pipeline = try PipelineFile.load(file, checkPaths: false)
        #expect(pipeline.results.isEmpty)
        #expect(try folder.contents() == ["p.yaml"])
    }

    @Test func aTruncatedStateSaysHowToRecover() async throws {
        let folder = try TemporaryDirectory()
        let file = try folder.writeFile("p.yaml", "paths: {log: log}\nsteps:\n  - {name: a, run: 'true'}")
        try await PipelineFile.load(file).run()
        let state = folder.file("log/pipeline.json")
        let whole = try Data(contentsOf: URL(fileURLWithPath: state))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: state))
        let error = try #require(try rejectionOfLoad(file))
        let saved = (file as NSString).deletingLastPathComponent + "/log/pipeline.json"
        #expect(error.message == "the saved pipeline state \(saved) is damaged (not complete JSON)")
        #expect(error.hint?.contains("mv \(saved) \(saved).bad") == true)
    }

    func rejectionOfLoad(_ file: String) throws -> SciError? {
        do { _ = try PipelineFile.load(file); return nil } catch { return SciError.from(error) }
    }
}
