import AstroPipeline
import Foundation
import SciBatch
import SciCore
import Synchronization
import Testing
import TestSupport

/// The Slurm executor's parts that need no cluster: the batch script (run here by /bin/sh as Slurm would), Slurm's
/// job table as scontrol prints it, the grouping into arrays with afterok (a dry run), taking over a finished job
/// on resume, and the pipeline file's executor: section. The cluster itself: Integration/cases/pipeline-slurm.sh.
@Suite struct SlurmTests {
    @Test func theBatchScriptRunsItsElementAndWritesTheExitFile() throws {
        let folder = try TemporaryDirectory()
        let slurm = "\(folder.path)/slurm"
        try FileManager.default.createDirectory(atPath: slurm, withIntermediateDirectories: true)
        let stale = "\(folder.path)/old report.xml"
        _ = FileManager.default.createFile(atPath: stale, contents: Data("stale".utf8))
        let jobs = [
            BatchJob(name: "first", command: ["/bin/sh", "-c", "echo one > first.txt"], workingDirectory: folder.path,
                     errorLog: "\(folder.path)/first.stderr"),
            BatchJob(name: "second", command: ["/bin/sh", "-c", "echo \"it's $1\" > second.txt; echo oops >&2; exit 3", "sh", "quoted 'arg'"],
                     workingDirectory: folder.path, errorLog: "\(folder.path)/second.stderr", staleFiles: [stale]),
        ]
        let options = SlurmOptions(partition: "debug", time: "10:00", memory: "1G", cpusPerStep: 2, extraOptions: ["--qos=short"])
        let script = SlurmScript(jobs: jobs, dependencies: ["7_0", "8_2"], jobName: "sci-test", folder: slurm, options: options)
        let text = script.text
        for directive in ["--array=0-1", "--dependency=afterok:7_0:8_2", "--kill-on-invalid-dep=yes", "--partition=debug",
                          "--time=10:00", "--mem=1G", "--cpus-per-task=2", "--qos=short", "--output=\(slurm)/%A_%a.out"] {
            #expect(text.contains("\n#SBATCH \(directive)\n"), "missing #SBATCH \(directive)")
        }
        let file = "\(folder.path)/job.sbatch"
        try text.write(toFile: file, atomically: true, encoding: .utf8)

        // Element 1, as slurmd would start it.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [file]
        process.environment = ["SLURM_ARRAY_JOB_ID": "41", "SLURM_ARRAY_TASK_ID": "1", "PATH": "/usr/bin:/bin"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 3)
        #expect(try String(contentsOfFile: "\(folder.path)/second.txt", encoding: .utf8) == "it's quoted 'arg'\n")
        #expect(try String(contentsOfFile: "\(folder.path)/second.stderr", encoding: .utf8) == "oops\n")
        #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/first.txt"))
        #expect(!FileManager.default.fileExists(atPath: stale), "the stale report was left")
        let exit = try #require(SlurmScript.readExit(try String(contentsOfFile: "\(slurm)/second.exit", encoding: .utf8)))
        #expect(exit.job == "41_1" && exit.code == 3)
        #expect(SlurmScript.readExit("41_1") == nil && SlurmScript.readExit("41_1 x") == nil)
    }

    @Test func theJobTableReadsScontrolLinesArraysAndCancelledArrays() {
        let text = """
            JobId=1 JobName=wrap UserId=root(0) JobState=COMPLETED Reason=None Dependency=(null) Command=(null) JobState=PENDING
            JobId=2 ArrayJobId=2 ArrayTaskId=0 JobName=wrap JobState=PENDING Reason=Dependency
            JobId=3 ArrayJobId=3 ArrayTaskId=4294967294 JobName=wrap JobState=CANCELLED Reason=None Dependency=afterok:2_0(unfulfilled)
            JobId=9 ArrayJobId=4 ArrayTaskId=5-7%2 JobState=PENDING Reason=JobArrayTaskLimit
            JobId=10 ArrayJobId=4 ArrayTaskId=1 JobState=TIMEOUT Reason=TimeLimit
            JobId=11 ArrayJobId=5 ArrayTaskId=0-99999999999 JobState=PENDING Reason=None
            not a job line
            JobId=12
            """
        let table = SlurmJobTable(scontrol: text)
        #expect(table.entry(for: "1") == .init(state: "COMPLETED", reason: "None"))
        #expect(table.entry(for: "2_0")?.isActive == true)
        #expect(table.entry(for: "3_0") == .init(state: "CANCELLED", reason: "None"))
        #expect(table.entry(for: "3_0")?.isActive == false)
        #expect((5...7).allSatisfy { table.entry(for: "4_\($0)")?.reason == "JobArrayTaskLimit" })
        #expect(table.entry(for: "4_1") == .init(state: "TIMEOUT", reason: "TimeLimit"))
        #expect(table.entry(for: "4_4") == nil && table.entry(for: "12") == nil)
        // An element scancel took out of a pending array has no record, but its array has.
        #expect(table.knowsArray(of: "4_4") && table.knowsArray(of: "2_7"))
        #expect(!table.knowsArray(of: "8_0") && !table.knowsArray(of: "1") && !table.knowsArray(of: "2_0"))
        // A range too large to list is skipped, not expanded.
        #expect(table.entry(for: "5_0") == nil)
        #expect(SlurmJobTable(scontrol: "").jobs.isEmpty)
    }

    @Test func aDryRunGroupsIndependentStepsIntoOneArrayAndRecordsNothing() async throws {
        let folder = try TemporaryDirectory()
        let yaml = """
            name: demo
            paths: {log: log}
            executor: {type: slurm, partition: debug, sbatch_options: [--qos=short]}
            steps:
              - {name: a, run: "echo a > a.txt", outputs: [a.txt]}
              - {name: b, run: "echo b > b.txt", outputs: [b.txt]}
              - {name: c, run: "cat a.txt b.txt > c.txt", inputs: [a.txt, b.txt], outputs: [c.txt]}
            """
        let pipeline = try PipelineFile.parse(yaml, workingDirectory: folder.path)
        #expect(pipeline.executorSettings.kind == .slurm)
        let printed = Mutex<[String]>([])
        let slurm = try #require(pipeline.slurmFolder)
        let executor = try SlurmExecutor(folder: slurm, options: pipeline.executorSettings.slurm, jobName: "sci-demo", dryRun: true,
                                         isInterrupted: { [interruption = pipeline.interruption] in interruption.signal != nil }) { text in printed.withLock { $0.append(text) } }
        let report = try await pipeline.run(executor: executor)
        let scripts = printed.withLock { $0 }
        #expect(scripts.count == 2)
        let first = try #require(scripts.first { $0.contains("sbatch script 1:") })
        let second = try #require(scripts.first { $0.contains("sbatch script 2:") })
        #expect(first.contains("#SBATCH --array=0-1\n") && !first.contains("--dependency"))
        #expect(first.contains("#SBATCH --partition=debug\n") && first.contains("#SBATCH --qos=short\n"))
        #expect(second.contains("#SBATCH --array=0-0\n"))
        // Both elements of the first array: named by the array's id (an element of an array cancelled before it was
        // split would count as done for Slurm).
        #expect(second.contains("#SBATCH --dependency=afterok:dry-run-1\n"))
        #expect(report.results.map(\.result.status).allSatisfy { $0 == .unknown })
        // Nothing ran and nothing was recorded.
        #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/a.txt"))
        #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/log/pipeline.json"))
        #expect(!FileManager.default.fileExists(atPath: slurm))
    }

    @Test func aResumedRunTakesOverAJobThatFinishedWhileSciWasGone() async throws {
        // The job id saved at submission and the exit file the job wrote: the step is judged from them, and no
        // sbatch runs (with no cluster here, one would fail and say so).
        let folder = try TemporaryDirectory()
        let yaml = """
            paths: {log: log}
            steps:
              - {name: made, run: "echo made > made.txt", outputs: [made.txt]}
            """
        let pipeline = try PipelineFile.parse(yaml, workingDirectory: folder.path)
        let slurm = try #require(pipeline.slurmFolder)
        try FileManager.default.createDirectory(atPath: slurm, withIntermediateDirectories: true)
        try #"{"made":"12_0"}"#.write(toFile: "\(slurm)/jobs.json", atomically: true, encoding: .utf8)
        try "12_0 0\n".write(toFile: "\(slurm)/made.exit", atomically: true, encoding: .utf8)
        try "made\n".write(toFile: "\(folder.path)/made.txt", atomically: true, encoding: .utf8)
        let executor = try SlurmExecutor(folder: slurm, isInterrupted: { [interruption = pipeline.interruption] in interruption.signal != nil })
        let report = try await pipeline.run(executor: executor)
        #expect(report.results.map(\.step) == ["made"])
        #expect(report.results.first?.result.status == .success)
        #expect(SlurmExecutor.savedJobs(in: slurm) == ["made": "12_0"])
        #expect(!FileManager.default.fileExists(atPath: "\(slurm)/made.exit"), "an exit file read once would be taken again by a --force run")
        // An exit file of another job (an earlier submission) is not taken for this one's.
        try "11_0 0\n".write(toFile: "\(slurm)/made.exit", atomically: true, encoding: .utf8)
        let again = try SlurmExecutor(folder: slurm, isInterrupted: { [interruption = pipeline.interruption] in interruption.signal != nil })
        if SlurmExecutor.program("sbatch") == nil || ProcessInfo.processInfo.environment["SLURM_CONF"] == nil {
            // No cluster: the step is submitted, and the failed submission is the step's error.
            await #expect {
                try await pipeline.run(force: true, executor: again)
            } throws: { error in
                SciError.from(error).message.contains("not submitted to Slurm")
            }
        }
    }

    @Test func dependenciesNameWholeArraysOnlyWhenEveryElementIsOne() {
        #expect(SlurmExecutor.dependencyIDs(["4_0", "4_1", "5_0"], arraySizes: ["4": 2, "5": 3]) == ["4", "5_0"])
        #expect(SlurmExecutor.dependencyIDs(["4_1", "4_1"], arraySizes: ["4": 2]) == ["4_1", "4_1"])
        #expect(SlurmExecutor.dependencyIDs(["9"], arraySizes: [:]) == ["9"])
    }

    @Test func theExecutorSectionIsCheckedLikeTheRest() throws {
        let folder = try TemporaryDirectory()
        func load(_ section: String) throws -> Pipeline {
            try PipelineFile.parse("executor: \(section)\nsteps: []", source: "p.yaml", workingDirectory: folder.path, checkPaths: false)
        }
        let settings = try load("{type: slurm, partition: gpu, account: lab, time: '1:00:00', memory: 2G, cpus_per_step: 4}").executorSettings
        #expect(settings == ExecutorSettings(kind: .slurm, slurm: SlurmOptions(partition: "gpu", account: "lab", time: "1:00:00", memory: "2G", cpusPerStep: 4)))
        #expect(try load("{partition: gpu}").executorSettings.kind == .local)
        func message(_ section: String) -> String? {
            do { _ = try load(section); return nil } catch { return SciError.from(error).message }
        }
        #expect(message("{type: pbs}") == "p.yaml:1:18: executor: unknown type pbs")
        #expect(message("{cpus_per_step: 0}")?.contains("cpus_per_step must be a whole number from 1 to 100000") == true)
        #expect(message("{cpus_per_step: 1e300}")?.contains("cpus_per_step must be a whole number") == true)
        #expect(message("{cpus_per_step: 1.5}")?.contains("cpus_per_step must be a whole number") == true)
        #expect(message("{sbatch_options: [qos=short]}")?.contains("sbatch option qos=short is not one option") == true)
        #expect(message("{partiton: gpu}")?.contains("unknown key `partiton`; did you mean `partition`?") == true)
    }

    @Test func outcomesSayWhatSlurmSaid() {
        #expect(BatchOutcome.exited(0).problem == nil)
        #expect(BatchOutcome.ended(job: "5_1", state: "TIMEOUT", reason: "TimeLimit", log: "/l/5_1.out").problem
                == "Slurm job 5_1 TIMEOUT (TimeLimit); its log: /l/5_1.out")
        #expect(BatchOutcome.ended(job: "5_1", state: "CANCELLED", reason: "None", log: "/l/5_1.out").problem
                == "Slurm job 5_1 CANCELLED; its log: /l/5_1.out")
        #expect(BatchOutcome.abandoned(job: "5_1").problem == "sci stopped waiting; Slurm job 5_1 goes on, and --resume picks it up")
    }
}
