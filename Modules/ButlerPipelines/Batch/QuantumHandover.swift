import Butler
import Foundation
import SciCore

/// What a quantum's batch job hands to the `sci butler run` that submitted it, in `quanta/q<id>.json` of the run's
/// Slurm folder: the outputs its task wrote (files staged on the shared file system, small objects inline), when it
/// started, how long it took and on which host. The job writes it last, durably, after its staged files are on
/// disk; the submitter commits from it, so the registry has one writer and no row ever names a file not yet whole.
struct QuantumHandover: Codable, Sendable {
    /// One output of the quantum.
    struct Output: Codable, Sendable {
        /// The output connection.
        var connection: String
        /// The predicted dataset.
        var ref: DatasetRef
        /// The staged file (absolute), for a file output.
        var file: String?
        /// The structured data, for a structured output.
        var structured: JSONValue?
        /// The text, for a text output.
        var text: String?
    }

    /// The quantum's number in the graph.
    var quantum: Int
    /// The Slurm job (array element) that ran it, empty outside Slurm.
    var job: String
    /// When its task started.
    var started: Date
    /// How long its task took, in seconds.
    var seconds: Double
    /// The node it ran on.
    var host: String
    /// Its outputs.
    var outputs: [Output]

    /// The handover of a task's result.
    init(_ result: QuantumResult, job: String, host: String) throws {
        quantum = result.quantum.id
        self.job = job
        started = result.started
        seconds = result.seconds
        self.host = host
        outputs = try result.produced.map { output in
            var handed = Output(connection: output.connection, ref: output.ref)
            switch output.payload {
            case .file(let path): handed.file = path
            case .object(.structured(let value)): handed.structured = value
            case .object(.text(let text)): handed.text = text
            case .object:
                throw PipelineError.quantumFailed(
                    "\(result.quantum.task) \(result.quantum.dataId): output \(output.connection) is an object a batch job cannot hand over; write it as a file")
            }
            return handed
        }
    }

    /// Where the handover of quantum `id` is, in the run's Slurm folder.
    static func path(quantum id: Int, folder: String) -> String { "\(folder)/quanta/q\(id).json" }

    /// Reads the handover of quantum `id`, or nil when its job wrote none (or not for this quantum).
    static func read(quantum id: Int, folder: String) -> QuantumHandover? {
        guard let data = FileManager.default.contents(atPath: path(quantum: id, folder: folder)),
              let handover = try? JSONDecoder().decode(QuantumHandover.self, from: data), handover.quantum == id else { return nil }
        return handover
    }

    /// Writes it, durably, as the job's last act.
    func write(folder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: Self.path(quantum: quantum, folder: folder))
    }

    /// The result to commit: each staged file hard-linked into `staging` (the commit moves the link in, and the
    /// staged file stays for the quanta after this one that read it); a staged file that is gone is an error.
    func result(for quantum: Quantum, linkingInto staging: String) throws -> QuantumResult {
        var produced: [ProducedOutput] = []
        for output in outputs {
            let payload: ProducedOutput.Payload
            if let file = output.file {
                let ext = (file as NSString).pathExtension
                let linked = staging + "/" + output.ref.id.uuidString + (ext.isEmpty ? "" : "." + ext)
                unlink(linked)
                if link(file, linked) != 0 {
                    // Another file system (or no hard links there): a copy will do.
                    do { try FileManager.default.copyItem(atPath: file, toPath: linked) } catch {
                        for done in produced { done.discard() }
                        throw PipelineError.quantumFailed(
                            "\(quantum.task) \(quantum.dataId): the staged output \(file) of job \(job) cannot be read: \(error.localizedDescription)")
                    }
                }
                payload = .file(linked)
            } else if let structured = output.structured {
                payload = .object(.structured(structured))
            } else {
                payload = .object(.text(output.text ?? ""))
            }
            produced.append(ProducedOutput(connection: output.connection, ref: output.ref, payload: payload))
        }
        return QuantumResult(quantum: quantum, started: started, seconds: seconds, produced: produced, host: host)
    }
}
