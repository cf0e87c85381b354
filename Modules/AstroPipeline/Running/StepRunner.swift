import Foundation
import SciCore

/// Runs one step and turns what happened into a `StepResult`, judging AstrOmatic runs by their XML reports.
struct StepRunner: Sendable {
    var step: Step
    var context: StepContext
    var executable: String?
    var version: String?
    var fingerprint: String?

    /// Runs the step in a fresh scratch folder of its own; throws only what the seed calls an exception (a custom
    /// step's own error). A failed step lists only the outputs it wrote.
    func run() async throws -> StepResult {
        let scratch = context.resolve(context.temporaryDirectory)
        // Left over by a killed run, it would hand this run stale files; but a job that run left queued or running
        // on a cluster may be using it.
        if context.executor == nil { try? FileManager.default.removeItem(atPath: scratch) }
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let started = Date()
        var result: StepResult
        switch step.action {
        case .custom(let custom):
            result = try await custom.body(context)
            result.outputs = result.outputs.isEmpty ? step.outputs : result.outputs
            result.fingerprint = fingerprint
            if result.status == .error, let signal = context.interruption?.signal {
                result.status = .interrupted
                result.message = "interrupted by \(ProgramRun.name(of: signal))"
            }
        case .astromatic(let run):
            result = await runProgram(run.effective(paths: context.paths, stepName: step.name))
        }
        if result.status != .success {
            result.outputs = result.outputs.filter { written($0, since: started) }
        }
        return result
    }

    /// Whether the step wrote `output`: it exists and changed after the step started (to the second, as some file
    /// systems keep times).
    private func written(_ output: String, since start: Date) -> Bool {
        guard let modified = (try? FileManager.default.attributesOfItem(atPath: context.resolve(output)))?[.modificationDate] as? Date else {
            return false
        }
        return modified.timeIntervalSince(start) > -1
    }

    private func runProgram(_ run: AstromaticRun) async -> StepResult {
        let started = Date()
        let logFolder = context.paths.log ?? context.paths.temp ?? "."
        let report = "\(logFolder)/\(step.name).xml"
        let arguments = run.arguments(report: report)
        var result = StepResult(status: .error, outputs: run.impliedOutputs + step.outputs, report: report,
                                version: version, startedAt: started, fingerprint: fingerprint)
        guard let executable else {
            result.message = "\(run.tool) not found"
            return result
        }
        result.command = [executable] + arguments
        // A dry run leaves the files alone.
        let dryRun = context.executor?.isDryRun == true
        // A report left by an earlier run would be read as this run's if the program died before writing its own;
        // a batch job removes it itself (one taken over on resume may have written it already).
        var batch = context.batch
        batch?.staleFiles = [context.resolve(report)]
        if batch == nil { unlink(context.resolve(report)) }
        if !dryRun, !run.parameters.isEmpty, let file = run.value("PARAMETERS_NAME") {
            do {
                try AtomicFile.write(Data((run.parameters.joined(separator: "\n") + "\n").utf8), to: context.resolve(file))
            } catch {
                result.message = "cannot write the parameter file \(file): \(SciError.from(error).message)"
                return result
            }
        }
        let outcome: ProgramRun.Outcome
        do {
            outcome = try await ProgramRun.run(
                executable, arguments, in: context.workingDirectory, errorLog: context.resolve("\(logFolder)/\(step.name).stderr"),
                watch: context.interruption.map { .init(interruption: $0, step: step.name, program: run.tool.rawValue) },
                batch: batch)
        } catch {
            result.message = "cannot start \(executable): \(error.localizedDescription)"
            return result
        }
        result.elapsed = Date().timeIntervalSince(started)
        if let signal = context.interruption?.signal {
            result.status = .interrupted
            result.message = "interrupted by \(ProgramRun.name(of: signal))" + (outcome.batch?.problem.map { "; \($0)" } ?? "")
            return result
        }
        if let batch = outcome.batch {
            if case .planned = batch { result.status = .unknown }
            result.message = batch.problem
            return result
        }
        let xml = ToolReport(path: context.resolve(report), tool: run.tool)
        if xml == nil { result.report = nil }
        result.warnings = xml?.notableWarnings ?? []
        result.counts = xml?.counts ?? [:]

        if outcome.exitCode != 0 || xml?.errorMessage != nil {
            result.message = xml?.errorMessage.map(Self.clean)
                ?? outcome.standardError.split(separator: "\n").last { $0.lowercased().contains("error") }.map { Self.clean(String($0)) }
                ?? "\(run.tool) exited \(outcome.exitCode)"
            return result
        }
        guard let xml else {
            result.status = .unknown
            result.warnings.append("\(run.tool) wrote no XML report")
            return result
        }
        if let fatal = xml.fatalWarning {
            result.message = "\(run.tool): \(fatal)"
            return result
        }
        if let unused = xml.unusedInputWarning(allowed: step.allowedWarnings) {
            result.message = "\(run.tool): \(unused) (an input was not used; if that is intended, add it to the step's allow_warnings)"
            return result
        }
        if let problem = scienceProblem(run, result) {
            result.message = problem
            return result
        }
        result.status = .success
        return result
    }

    /// What the programs let pass with exit code 0 but a pipeline must not: nothing detected, no PSF star kept,
    /// an astrometric solution off by more than the step allows.
    private func scienceProblem(_ run: AstromaticRun, _ result: StepResult) -> String? {
        switch run.tool {
        case .sextractor:
            if result.number("NSextracted") == 0 { return "SExtractor extracted no sources" }
        case .scamp:
            if let limit = run.maxAstrometricRMS, let sigma = result.number("AstromSigma_Reference"), sigma > limit {
                return String(format: "SCAMP astrometric RMS %.3f\" exceeds %.3f\" (check the reference catalog and MATCH settings)", sigma, limit)
            }
        case .psfex:
            if result.number("NStars_Accepted_Total") == 0 { return "PSFEx accepted no PSF stars" }
        case .swarp:
            break
        }
        return nil
    }

    /// `> *Error*: cannot open nope.fits` → `cannot open nope.fits`.
    static func clean(_ message: String) -> String {
        var text = message.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix(">") { text = String(text.dropFirst()).trimmingCharacters(in: .whitespaces) }
        for marker in ["*Error*:", "*ERROR*:", "*Error*", "*ERROR*"] where text.hasPrefix(marker) {
            text = String(text.dropFirst(marker.count)).trimmingCharacters(in: .whitespaces)
        }
        return text
    }
}
