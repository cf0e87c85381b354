import AstroPipeline
import Foundation
import SciCore
import Synchronization
import Testing
import TestSupport

/// Tags, resume, start index, editing and policies with custom steps (no programs needed).
@Suite struct PipelineTests {
    /// Records which steps ran, in order.
    final class Trace: Sendable {
        let names = Mutex<[String]>([])
        func step(_ name: String, fail: Bool = false) -> @Sendable (StepContext) async throws -> StepResult {
            { _ in
                self.names.withLock { $0.append(name) }
                return fail ? .error("\(name) broke") : .success()
            }
        }
        var all: [String] { names.withLock { $0 } }
    }

    func pipeline(_ folder: TemporaryDirectory) throws -> Pipeline {
        try Pipeline(paths: PipelinePaths(["temp": "tmp", "log": "log"]), workingDirectory: folder.path)
    }

    @Test func tagsSelectAndIgnoreWins() async throws {
        let folder = try TemporaryDirectory()
        let trace = Trace()
        let pipeline = try pipeline(folder)
        try pipeline.addStep(name: "a", tags: ["step1"], trace.step("a"))
        try pipeline.addStep(name: "b", tags: ["step1", "slow"], trace.step("b"))
        try pipeline.addStep(name: "c", tags: ["step2"], trace.step("c"))
        try await pipeline.run(runTags: ["step1"], ignoreTags: ["slow"])
        #expect(trace.all == ["a"])
        try await pipeline.run(ignoreTags: ["step1"])
        #expect(trace.all == ["a", "c"])
    }

    @Test func resumeRetriesTheFailedStepAfterAnEdit() async throws {
        let folder = try TemporaryDirectory()
        let trace = Trace()
        let pipeline = try pipeline(folder)
        try pipeline.addStep(name: "a", trace.step("a"))
        try pipeline.addStep(name: "b", trace.step("b", fail: true))
        try pipeline.addStep(name: "c", trace.step("c"))
        await #expect(throws: PipelineError.stepFailed(step: "b", index: 1, message: "b broke")) { try await pipeline.run() }
        #expect(pipeline.runStepIndex == 1)

        // The state on disk says the same to a new process.
        let reloaded = try self.pipeline(folder)
        #expect(reloaded.runStepIndex == 1 && reloaded.runSteps == ["a", "b", "c"])

        let index = pipeline.steps.firstIndex { $0.name == "b" }!
        pipeline.steps[index].action = .custom(CustomStep(trace.step("b")))
        try await pipeline.run(resume: true)
        #expect(trace.all == ["a", "b", "b", "c"])
        #expect(pipeline.runStepIndex == 3)
    }

    @Test func startIndexAndStepLevelIgnoreErrors() async throws {
        let folder = try TemporaryDirectory()
        let trace = Trace()
        let pipeline = try pipeline(folder)
        try pipeline.addStep(name: "a", trace.step("a"))
        try pipeline.addStep(name: "b", ignoreErrors: true, trace.step("b", fail: true))
        try pipeline.addStep(name: "c", trace.step("c"))
        try await pipeline.run(startIndex: 1)
        #expect(trace.all == ["b", "c"])
        #expect(pipeline.results["b"]?.status == .error)
    }

    @Test func exceptionsStopUnlessIgnored() async throws {
        struct Boom: Error {}
        let folder = try TemporaryDirectory()
        let trace = Trace()
        let pipeline = try pipeline(folder)
        try pipeline.addStep(name: "boom") { _ in throw SciError("no disk") }
        try pipeline.addStep(name: "after", trace.step("after"))
        await #expect(throws: PipelineError.stepThrew(step: "boom", index: 0, message: "no disk")) { try await pipeline.run() }
        let report = try await pipeline.run(ignoreExceptions: true)
        #expect(report.result("boom")?.status == .error && trace.all == ["after"])
    }
}

extension PipelineTests {
    @Test func tagsAndStartsThatMatchNothingAreRefusedAndChangeNothing() async throws {
        let folder = try TemporaryDirectory()
        let trace = Trace()
        let pipeline = try pipeline(folder)
        try pipeline.addStep(name: "a", tags: ["step1"], trace.step("a"))
        try pipeline.addStep(name: "b", tags: ["step2"], trace.step("b"))
        try await pipeline.run(runTags: ["step1"])
        let saved = try Data(contentsOf: URL(fileURLWithPath: folder.file("log/pipeline.json")))
        await #expect(throws: PipelineError.rejected("no step has the tag nosuchtag", hint: "tags: step1, step2")) {
            try await pipeline.run(runTags: ["nosuchtag"])
        }
        await #expect(throws: PipelineError.rejected("--from 99 is past the end of the run list (2 steps)", hint: "give a position from 0 to 1")) {
            try await pipeline.run(startIndex: 99)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.file("log/pipeline.json"))) == saved)
        #expect(trace.all == ["a"] && pipeline.runSteps == ["a"])
    }

    @Test func ignoredFailuresAreCountedAndOnlyTheStepsOwnPolicyExcusesThem() async throws {
        let folder = try TemporaryDirectory()
        let trace = Trace()
        let pipeline = try pipeline(folder)
        try pipeline.addStep(name: "a", trace.step("a", fail: true))
        try pipeline.addStep(name: "b", ignoreErrors: true, trace.step("b", fail: true))
        try pipeline.addStep(name: "c", trace.step("c"))
        let report = try await pipeline.run(ignoreErrors: true)
        #expect(trace.all == ["a", "b", "c"])
        #expect(report.failed == ["a", "b"])
        #expect(report.failedNotAllowed == ["a"])
    }

    @Test func aFailedStepListsOnlyTheOutputsItWrote() async throws {
        let folder = try TemporaryDirectory()
        let pipeline = try pipeline(folder)
        try pipeline.addStep(Step(name: "half", action: .custom(.shell("touch tmp/one && exit 3")), outputs: ["tmp/one", "tmp/two"]))
        let failure = await errorMessage { try await pipeline.run() }
        #expect(failure == "step 0 (half) failed: exited 3")
        #expect(pipeline.results["half"]?.outputs == ["tmp/one"])
    }
}
