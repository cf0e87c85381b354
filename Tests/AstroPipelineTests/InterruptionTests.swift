import AstroPipeline
import Foundation
import SciCore
import Testing
import TestSupport

/// A stopped run stops its programs and records the step; a second run of the same pipeline waits for none.
@Suite(.serialized) struct InterruptionTests {
    func pipeline(_ folder: TemporaryDirectory, slow: String = "exec sleep 30") throws -> Pipeline {
        let pipeline = try Pipeline(paths: PipelinePaths(["temp": "tmp", "log": "log"]), workingDirectory: folder.path)
        try pipeline.addStep(Step(name: "first", action: .custom(.shell("touch tmp/first.done")), outputs: ["tmp/first.done"]))
        try pipeline.addStep(Step(name: "slow", action: .custom(.shell(slow)), inputs: ["tmp/first.done"]))
        try pipeline.addStep(Step(name: "last", action: .custom(.shell("touch tmp/last.done")), outputs: ["tmp/last.done"]))
        return pipeline
    }

    func isAlive(_ pid: Int32) -> Bool { kill(pid, 0) == 0 }

    @Test func interruptStopsTheProgramRecordsTheStepAndResumeRunsIt() async throws {
        let folder = try TemporaryDirectory()
        let pipeline = try pipeline(folder)
        let stopper = Task { [interruption = pipeline.interruption] in
            let pid = try await folder.lockedProgram(step: "slow")
            #expect(pid.map(isAlive) == true)
            interruption.interrupt(SIGTERM)
            return pid
        }
        await #expect(throws: PipelineError.interrupted(signal: SIGTERM, steps: ["slow"])) { try await pipeline.run() }
        let pid = try #require(try await stopper.value)
        #expect(!isAlive(pid), "the step's program outlived the interruption")
        #expect(pipeline.results["slow"]?.status == .interrupted)
        #expect(pipeline.results["last"] == nil)
        #expect(pipeline.runStepIndex == 1)

        // A new process resumes at the interrupted step; the finished one is not run again.
        let resumed = try Pipeline(paths: PipelinePaths(["temp": "tmp", "log": "log"]), workingDirectory: folder.path)
        try resumed.addStep(Step(name: "first", action: .custom(.shell("exit 1")), outputs: ["tmp/first.done"]))
        try resumed.addStep(Step(name: "slow", action: .custom(.shell("true")), inputs: ["tmp/first.done"]))
        try resumed.addStep(Step(name: "last", action: .custom(.shell("touch tmp/last.done")), outputs: ["tmp/last.done"]))
        let report = try await resumed.run(resume: true)
        #expect(report.ran == ["slow", "last"])
    }

    @Test func aShellStepsOwnChildrenAreStoppedToo() async throws {
        let folder = try TemporaryDirectory()
        // The shell does not exec: `sleep` is a grandchild of sci, which only the lock file leads to.
        let pipeline = try pipeline(folder, slow: "sleep 30 && touch tmp/never")
        let stopper = Task { [interruption = pipeline.interruption] in
            _ = try await folder.lockedProgram(step: "slow")
            interruption.interrupt(SIGINT)
        }
        await #expect(throws: PipelineError.interrupted(signal: SIGINT, steps: ["slow"])) { try await pipeline.run() }
        try await stopper.value
        // Nothing holds the lock: a new run starts at once.
        let again = try self.pipeline(folder, slow: "true")
        let report = try await again.run(resume: true)
        #expect(report.ran == ["slow", "last"])
    }

    @Test func aSecondRunSaysWhoHoldsTheLockAndLeavesTheStateAlone() async throws {
        let folder = try TemporaryDirectory()
        let pipeline = try pipeline(folder)
        let second = Task { [interruption = pipeline.interruption] in
            defer { interruption.interrupt(SIGTERM) }
            let pid = try #require(try await folder.lockedProgram(step: "slow"))
            let saved = try Data(contentsOf: URL(fileURLWithPath: folder.file("log/pipeline.json")))
            let second = try self.pipeline(folder, slow: "true")
            do {
                try await second.run()
                Issue.record("the second run did not see the lock")
            } catch let error as PipelineError {
                let message = error.sciError.message
                #expect(message.contains("is being run by sci (pid \(getpid()))"), "\(message)")
                #expect(message.contains("running slow (sh, pid \(pid))"), "\(message)")
                #expect(error.sciError.hint == "wait for it to finish, or stop it with kill \(getpid())")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: folder.file("log/pipeline.json"))) == saved)
        }
        let interrupted = await errorMessage { try await pipeline.run() }
        #expect(interrupted == "interrupted by SIGTERM during slow")
        try await second.value
    }
}
