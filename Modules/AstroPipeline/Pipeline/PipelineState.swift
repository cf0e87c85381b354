import Foundation
import SciCore

/// What a pipeline saves in its log folder after every step (`pipeline.json`), so a killed run can resume.
struct PipelineState: Codable, Sendable {
    var name: String
    /// The names of the steps scheduled in the current run, in order.
    var runSteps: [String] = []
    /// The position in `runSteps` of the first step not yet finished: after a failure, the failed step.
    var runStepIndex = 0
    /// Steps of the current run that have finished (in parallel runs, some after `runStepIndex`).
    var finished: Set<String> = []
    /// The step running now, if the run was killed during it.
    var running: Set<String> = []
    /// The latest result of every step ever run.
    var results: [String: StepResult] = [:]
    /// Program versions by binary (path, size and modification time), so an unchanged re-run need not ask again.
    var versions: [String: String] = [:]
    /// Checksums of inputs by path, reused while a file is unchanged (optional: states saved before it lack it).
    var fileHashes: FileHashes?

    static func load(_ path: String) throws(PipelineError) -> PipelineState? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(PipelineState.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as DecodingError {
            throw .damagedState(path: path, reason: Self.describe(error))
        } catch {
            throw .state("cannot read the saved pipeline state \(path): \(error.localizedDescription)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty: "not complete JSON"
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            "bad value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case .keyNotFound(let key, _): "\(key.stringValue) is missing"
        @unknown default: "unreadable"
        }
    }

    func save(_ path: String) throws(PipelineError) {
        do {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            // Saved around every step: atomic, so a killed run always finds a whole state, but not synced, which
            // would cost ~10 ms per save here; after a power cut, steps are re-run or skipped by their fingerprints.
            try AtomicFile.write(try encoder.encode(self), to: path, durable: false)
        } catch {
            throw .state("cannot save the pipeline state \(path): \(SciError.from(error).message)")
        }
    }
}
