import Butler
import ButlerPipelines
import Foundation
import SciBatch
import SciCore
import Testing
import TestSupport

/// `sci butler run --executor slurm` without a cluster: the sbatch scripts of a dry run (arrays, afterok, the job
/// each element runs), and the state a killed run leaves — job ids, exit files and handovers written by the real
/// scripts run here by /bin/sh as slurmd would run them — taken over by the next run, which commits what finished,
/// reports what failed with its log and submits again only that. The real cluster: Integration/cases/butler-slurm.sh.
@Suite struct SlurmQuantaTests {
    /// A folder whose `sbatch` answers as one with no reachable controller does: the runs here must submit nothing
    /// that works, whatever is installed.
    static func unreachableSlurm(_ repository: PipelineRepository) throws -> String {
        let folder = repository.folder.file("no-cluster")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let sbatch = try repository.folder.writeFile("no-cluster/sbatch", "#!/bin/sh\necho 'sbatch: error: Unable to contact slurm controller' >&2\nexit 1\n")
        chmod(sbatch, 0o755)
        return folder
    }

    @Test func aDryRunPrintsOneArrayPerLevelWithAfterokAndWritesNothing() throws {
        let repository = try PipelineRepository(exposures: 3, detectors: 1)
        let pipeline = try repository.folder.writeFile("twice.yaml", QuantumGraphBuilderTests.twoTasks + "\n" + """
            executor: {type: slurm, partition: debug, time: '10:00', sbatch_options: [--qos=short]}
            """)
        let result = try SciProcess.run([
            "butler", "run", repository.butler.root, "-p", pipeline, "-i", "rawexpr,darkr", "-o", "twice", "--register-dataset-types",
            "--dry-run", "--cpus-per-quantum", "2", "--memory", "1G",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let scripts = result.stdout.components(separatedBy: "# sbatch script ").dropFirst()
        #expect(scripts.count == 4, "\(result.stdout)")
        #expect(result.stderr.contains("dry run: 6 quanta in 4 sbatch scripts; nothing submitted or written"))
        // The three subtract quanta in one array, then each second quantum after its own first one.
        let first = try #require(scripts.first { $0.hasPrefix("1:") })
        #expect(first.contains("#SBATCH --array=0-2\n") && !first.contains("--dependency"))
        for directive in ["--partition=debug", "--time=10:00", "--mem=1G", "--cpus-per-task=2", "--qos=short", "--kill-on-invalid-dep=yes"] {
            #expect(first.contains("\n#SBATCH \(directive)\n"), "missing \(directive)")
        }
        let folder = try #require(Self.folder(of: first))
        #expect(folder.hasPrefix("\(repository.butler.root)/.sci-pipelines/slurm/twice_"))
        #expect(first.contains("# Written by sci butler run --executor slurm: 3 jobs."))
        #expect(first.contains("set -- '\(try SciProcess.executable())' 'butler' 'run-quantum' '\(repository.butler.root)' '\(folder)' '0' ;;"))
        let later = scripts.filter { !$0.hasPrefix("1:") }
        #expect(later.allSatisfy { $0.contains("#SBATCH --array=0-0\n") })
        #expect(Set(later.compactMap { $0.split(separator: "\n").first { $0.hasPrefix("#SBATCH --dependency=") } })
                == ["#SBATCH --dependency=afterok:dry-run-1_0", "#SBATCH --dependency=afterok:dry-run-1_1", "#SBATCH --dependency=afterok:dry-run-1_2"])
        // Flags are checked before anything is read or written.
        let common = ["butler", "run", repository.butler.root, "-p", pipeline, "-i", "rawexpr,darkr", "-o", "twice"]
        let zero = try SciProcess.run(common + ["--cpus-per-quantum", "0"])
        #expect(zero.status == 2 && zero.stderr.contains("--cpus-per-quantum must be a whole number from 1 to 100000"), "\(zero.stderr)")
        let pbs = try SciProcess.run(common + ["--executor", "pbs"])
        #expect(pbs.status == 2 && pbs.stderr.contains("--executor must be local or slurm, not pbs"), "\(pbs.stderr)")
        let local = try SciProcess.run(common + ["--executor", "local", "--dry-run"])
        #expect(local.status == 1 && local.stderr.contains("--dry-run prints sbatch scripts, so it needs the Slurm executor"), "\(local.stderr)")
        // Nothing was written: no RUN, no chain, no Slurm folder.
        #expect((try? repository.butler.registry.collection("twice")) == nil)
        #expect(!FileManager.default.fileExists(atPath: "\(repository.butler.root)/.sci-pipelines/slurm"))
    }

    @Test func aResumedRunTakesOverFinishedJobsCommitsThemAndRerunsTheFailedOne() throws {
        let repository = try PipelineRepository(exposures: 2, detectors: 2)
        let pipeline = try PipelineCommandTests.pipelineFile(repository)
        let slurm = try Self.unreachableSlurm(repository)
        let common = [
            "butler", "run", repository.butler.root, "-p", pipeline, "-i", "rawexpr,darkr", "-o", "subtractr", "--register-dataset-types",
            "--executor", "slurm", "--format", "csv",
        ]
        // 1. Nothing could be submitted: every quantum fails saying so, and the RUN waits to be resumed.
        let refused = try SciProcess.run(common, pathFirst: slurm)
        #expect(refused.status == 1)
        #expect(refused.stderrLines.filter { $0.contains("not submitted to Slurm: ") && $0.hasSuffix("Unable to contact slurm controller") }.count == 5,
                "\(refused.stderr)")
        #expect(refused.stderr.contains("4 of 4 quanta failed"))

        // While another submitter holds the RUN's lock, a second one takes nothing over.
        let run = try #require(try repository.butler.registry.collection("subtractr").children.first)
        let folder = SlurmQuantumExecutor.folder(repo: repository.butler.root, run: run)
        let held = open("\(folder)/run.lock", O_RDWR)
        #expect(held >= 0 && flock(held, LOCK_EX | LOCK_NB) == 0)
        let locked = try SciProcess.run(common, pathFirst: slurm)
        close(held)
        #expect(locked.status == 1)
        #expect(locked.stderr.contains("another sci butler run is running RUN \(run) (it holds \(folder)/run.lock)"), "\(locked.stderr)")

        // 2. The jobs run as Slurm would run them: the dry run's script, element by element, with array job 41. The
        // input of the last quantum is gone, so its task fails for real.
        let dry = try SciProcess.run(common + ["--dry-run"], pathFirst: slurm)
        #expect(dry.status == 0, "\(dry.stderr)")
        let script = try #require(dry.stdout.components(separatedBy: "# sbatch script ").dropFirst().first)
        #expect(script.contains("#SBATCH --array=0-3\n"))
        #expect(Self.folder(of: script) == folder)
        let names: [String] = script.split(separator: "\n").compactMap { line in
            guard let start = line.range(of: "name='q") else { return nil }
            return String(line[start.upperBound...].prefix { $0 != "'" })
        }
        #expect(names == ["0", "1", "2", "3"])
        let doomed = try repository.butler.find("rawexp", dataId: ["instrument": "SPHEREx", "exposure": 2, "detector": 2], collections: ["rawexpr"])
        try FileManager.default.removeItem(atPath: try repository.butler.path(of: doomed))
        let file = try repository.folder.writeFile("job.sbatch", script.drop { $0 != "\n" }.dropFirst() + "")
        var jobs: [String: String] = [:]
        for element in 0..<4 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = [file]
            process.environment = ["SLURM_ARRAY_JOB_ID": "41", "SLURM_ARRAY_TASK_ID": "\(element)", "PATH": "/usr/bin:/bin"]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == (element == 3 ? 1 : 0))
            jobs["q\(names[element])"] = "41_\(element)"
        }
        // The staged outputs and handovers are there; nothing is in the registry yet.
        #expect(FileManager.default.fileExists(atPath: "\(folder)/quanta/q0.json"))
        #expect(try repository.butler.registry.queryDatasets("postDark", collections: [run]).isEmpty)
        try JSONEncoder().encode(jobs).write(to: URL(fileURLWithPath: "\(folder)/jobs.json"))

        // 3. The same command takes the jobs over: three committed, one reported with its error and log.
        let resumed = try SciProcess.run(common, pathFirst: slurm)
        #expect(resumed.status == 1)
        #expect(!resumed.stderr.contains("not submitted"), "a finished job was submitted again: \(resumed.stderr)")
        #expect(resumed.stderr.contains("resuming RUN \(run): 0 of 4 quanta finished before, 4 to run"))
        #expect(resumed.stderrLines.contains { $0.hasPrefix("Slurm jobs of the earlier run: ") }, "\(resumed.stderr)")
        let failure = try #require(resumed.stderrLines.first { $0.hasPrefix("error: subtract {detector: 2, exposure: 2, instrument: SPHEREx}: ") })
        #expect(failure.contains("(exit 1; its log: \(folder)/q3.stderr)"), "\(failure)")
        #expect(resumed.stderr.contains("1 of 4 quanta failed"))
        #expect(resumed.stdout.split(separator: "\n").count == 4)
        for (exposure, detector) in [(1, 1), (1, 2), (2, 1)] {
            let (pixels, _, _) = try repository.image("postDark", exposure: exposure, detector: detector, collections: [run])
            #expect(pixels.pixels.indices.allSatisfy {
                pixels.pixels[$0] == PipelineRepository.raw(exposure, detector, $0) - PipelineRepository.dark(exposure, detector, $0)
            })
        }
        #expect(try repository.butler.registry.queryDatasets("subtract_metadata", collections: [run]).count == 3)
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/quanta"), "the staged outputs were left")
        // Every exit file was read once.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".exit") }.isEmpty)

        // 4. Again: only the failed quantum goes out (and, with no cluster, fails to).
        let again = try SciProcess.run(common, pathFirst: slurm)
        #expect(again.stderr.contains("resuming RUN \(run): 3 of 4 quanta finished before, 1 to run"))
        #expect(again.stderr.contains("1 of 1 quanta failed; first: subtract {detector: 2, exposure: 2, instrument: SPHEREx}: not submitted to Slurm"))
    }

    @Test func theExecutorSectionIsCheckedAsThePipelinesOwn() throws {
        func load(_ section: String) throws -> Pipeline {
            try Pipeline(yaml: "tasks: {subtract: spherex.tasks.SubtractTask}\nexecutor: \(section)\n", source: "p.yaml")
        }
        let settings = try load("{type: slurm, partition: gpu, account: lab, time: '1:00:00', memory: 2G, cpus_per_quantum: 4}").executor
        #expect(settings == ExecutorSettings(kind: .slurm, slurm: SlurmOptions(partition: "gpu", account: "lab", time: "1:00:00", memory: "2G", cpusPerStep: 4)))
        #expect(try load("{partition: gpu}").executor.kind == .local)
        func message(_ section: String) -> String? {
            do { _ = try load(section); return nil } catch { return SciError.from(error).message }
        }
        #expect(message("{type: pbs}") == "p.yaml: executor: unknown type pbs")
        #expect(message("{cpus_per_quantum: 0}") == "p.yaml: executor: cpus_per_quantum must be a whole number from 1 to 100000")
        #expect(message("{cpus_per_quantum: 1.5}")?.contains("cpus_per_quantum must be a whole number") == true)
        #expect(message("{sbatch_options: [qos=short]}") == "p.yaml: executor: sbatch option qos=short is not one option")
        #expect(message("{partiton: gpu}")?.contains("executor: unknown key partiton") == true)
        #expect(message("slurm")?.contains("executor must map keys to values") == true)
    }

    /// The Slurm folder of a script: where its `--output` goes.
    static func folder(of script: some StringProtocol) -> String? {
        guard let line = script.split(separator: "\n").first(where: { $0.hasPrefix("#SBATCH --output=") }) else { return nil }
        return String(line.dropFirst("#SBATCH --output=".count).dropLast("/%A_%a.out".count))
    }
}
