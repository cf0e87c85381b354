public import Butler
import Foundation
import SciCore

/// Runs quanta in this process and commits their outputs: each quantum's outputs go into the output RUN first and
/// its provenance record (`<label>_metadata`: which inputs made which outputs) last, so the record marks it
/// finished. Commits are batched: one ingest per dataset type for every quantum finished meanwhile.
///
/// Every output and record is a complete file, written by the task's thread (or its worker's `OutputWriter`)
/// before any registry row points at it, so a process killed at any moment loses no committed quantum and leaves
/// no row without its file. Whether the files also reach the disk before their rows are committed is `syncOutputs`
/// (`sci butler run --sync`): off by default, as in pipetask, because a pipeline's outputs can be made again and
/// syncing ties the run to the disk's speed; a power cut may then lose the last outputs the kernel had not yet
/// written.
public final class QuantumRunner: Sendable {
    /// The repository.
    public let butler: Butler
    /// The graph being run.
    public let graph: QuantumGraph
    private let tasks: [String: ConfiguredTask]
    private let staging: String
    /// Whether outputs a killed run may have left (committed without their provenance) are removed first.
    private let resuming: Bool
    /// The machine's name, read once: Foundation's `hostName` asks the resolver on every call.
    private let host: String
    /// Whether each output and provenance record is synced to disk as it is written, before it is committed.
    public let syncOutputs: Bool

    /// A runner for `graph` with the tasks of `pipeline`; outputs are written in `staging` before they move in, and
    /// synced there first when `syncOutputs`.
    public init(
        butler: Butler, graph: QuantumGraph, pipeline: ConfiguredPipeline, staging: String, resuming: Bool, syncOutputs: Bool = false
    ) throws {
        self.butler = butler
        self.graph = graph
        var tasks: [String: ConfiguredTask] = [:]
        for task in pipeline.tasks { tasks[task.label] = task }
        self.tasks = tasks
        self.staging = staging
        self.resuming = resuming
        self.syncOutputs = syncOutputs
        host = Self.hostName()
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
    }

    /// This machine's name as gethostname(2) gives it, empty when it cannot be read.
    static func hostName() -> String {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "" }
        return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Asks the C allocator to keep freed image buffers for the next quantum, for a process that runs many: by
    /// default glibc hands every freed buffer of a few megabytes back to the kernel, and the next quantum's pixels
    /// then fault in fresh zeroed pages (a third of the system time of 1024² quanta). Process-wide; call it once
    /// before running quanta (`sci butler run` does).
    public static func keepFreedImageMemory() {
        #if os(Linux)
        // Buffers up to 32 MB (a 2048² float64 image) come from the heap, and up to 512 MB of free heap stays mapped
        // (malloc.h's M_MMAP_THRESHOLD and M_TRIM_THRESHOLD).
        _ = systemMallopt(-3, 32 << 20)
        _ = systemMallopt(-1, 512 << 20)
        #endif
    }

    /// Runs the task of `quantum`; its outputs and provenance record wait in the staging folder for `commit`.
    /// With `deferringWrites`, the images the task hands over are not written yet: the result's `write()` writes
    /// them, so the caller can write one quantum's outputs while the next quantum runs.
    public func run(_ quantum: Quantum, deferringWrites: Bool = false) throws -> QuantumResult {
        guard let task = tasks[quantum.task] else {
            throw PipelineError.invalidGraph("the graph has a quantum of task '\(quantum.task)', which the pipeline lacks")
        }
        let started = Date()
        let context = QuantumContext(
            quantum: quantum, connections: task.connections, butler: butler, staging: staging, durable: syncOutputs, defersWrites: deferringWrites)
        let record = staging + "/" + quantum.metadata.id.uuidString + ".yaml"
        do {
            try task.task.run(context)
            let missing = quantum.outputs.keys.filter { name in !context.produced.contains { $0.connection == name } }.sorted()
            guard missing.isEmpty else {
                throw PipelineError.quantumFailed("\(quantum.task) \(quantum.dataId): the task wrote no \(missing.joined(separator: ", "))")
            }
            let result = QuantumResult(
                quantum: quantum, started: started, seconds: Date().timeIntervalSince(started), produced: context.produced, record: record,
                unwritten: context.unwritten)
            // Written here, on the task's thread and as durably as the outputs, so the committer only commits.
            try AtomicFile.write(Data(provenance(result).jsonString(pretty: true).utf8), to: record, durable: syncOutputs)
            return result
        } catch {
            for output in context.produced { output.discard() }
            unlink(record)
            throw error
        }
    }

    /// Commits finished quanta, all in a few transactions; when that fails, one by one, so one bad quantum fails
    /// alone. Returns the message of each quantum that could not be committed, by quantum id.
    public func commit(_ results: [QuantumResult]) -> [Int: String] {
        guard !results.isEmpty else { return [:] }
        do {
            try commitTogether(results)
            return [:]
        } catch where results.count > 1 {
            var failures: [Int: String] = [:]
            for result in results {
                // The failed batch may have committed some of this quantum's outputs: they go first.
                do { try commitTogether([result], removingLeftovers: true) } catch {
                    result.discard()
                    failures[result.quantum.id] = SciError.from(error).message
                }
            }
            return failures
        } catch {
            for result in results { result.discard() }
            return [results[0].quantum.id: SciError.from(error).message]
        }
    }

    private func commitTogether(_ results: [QuantumResult], removingLeftovers: Bool = false) throws {
        let run = graph.outputRun
        if resuming || removingLeftovers { try removeLeftovers(results) }
        var files: [String: [FileToIngest]] = [:]
        var typeOrder: [String] = []
        for result in results {
            for output in result.produced {
                switch output.payload {
                case .file(let path):
                    if files[output.ref.datasetType] == nil { typeOrder.append(output.ref.datasetType) }
                    files[output.ref.datasetType, default: []].append(FileToIngest(path: path, dataId: output.ref.dataId))
                case .object(let object):
                    try butler.put(object, datasetType: output.ref.datasetType, dataId: output.ref.dataId, run: run, idGeneration: .dataIdTypeRun)
                }
            }
        }
        for type in typeOrder {
            try butler.ingest(files[type]!, datasetType: type, run: run, transfer: .move, idGeneration: .dataIdTypeRun)
        }
        // The provenance goes in last: a quantum with its record is finished, one without it is run again.
        var records: [String: [FileToIngest]] = [:]
        var recordOrder: [String] = []
        for result in results {
            var path = staging + "/" + result.quantum.metadata.id.uuidString + ".yaml"
            if let record = result.record {
                path = record
            } else {
                try AtomicFile.write(Data(provenance(result).jsonString(pretty: true).utf8), to: path, durable: syncOutputs)
            }
            if records[result.quantum.metadata.datasetType] == nil { recordOrder.append(result.quantum.metadata.datasetType) }
            records[result.quantum.metadata.datasetType, default: []].append(FileToIngest(path: path, dataId: result.quantum.metadata.dataId))
        }
        for type in recordOrder {
            try butler.ingest(records[type]!, datasetType: type, run: run, transfer: .move, idGeneration: .dataIdTypeRun)
        }
    }

    /// A killed run can leave a quantum's outputs committed without its record, and a power cut a record whose
    /// outputs were lost: they are removed before the quantum is committed again.
    private func removeLeftovers(_ results: [QuantumResult]) throws {
        var stale: [DatasetRef] = []
        for result in results {
            for ref in Array(result.quantum.outputs.values.joined()) + [result.quantum.metadata] {
                if let found = try? butler.find(ref.datasetType, dataId: ref.dataId, collections: [graph.outputRun]), found.run == graph.outputRun {
                    stale.append(found)
                }
            }
        }
        if !stale.isEmpty { try butler.pruneDatasets(stale) }
    }

    /// The provenance record of a finished quantum: its task, config, data ID, the inputs read and outputs written.
    func provenance(_ result: QuantumResult) -> JSONValue {
        func refs(_ connections: [String: [DatasetRef]]) -> JSONValue {
            .array(connections.keys.sorted().flatMap { name in
                connections[name]!.map { ref in
                    JSONValue.object([
                        "connection": .string(name), "datasetType": .string(ref.datasetType), "id": .string(ref.id.uuidString.lowercased()),
                        "run": .string(ref.run), "dataId": Self.json(ref.dataId),
                    ])
                }
            })
        }
        let task = tasks[result.quantum.task]
        return .object([
            "task": .string(result.quantum.task),
            "class": .string(task?.className ?? ""),
            "config": .object((task?.config.values ?? [:]).mapValues { .string($0) }),
            "dataId": Self.json(result.quantum.dataId),
            "run": .string(graph.outputRun),
            "inputs": refs(result.quantum.inputs),
            "outputs": refs(result.quantum.outputs),
            "started": .string(result.started.formatted(.iso8601)),
            "seconds": .double((result.seconds * 1e6).rounded() / 1e6),
            "host": .string(result.host ?? host),
            "sci": .string(SciVersion.current),
        ])
    }

    static func json(_ dataId: DataId) -> JSONValue { .object(dataId.values.mapValues(\.json)) }
}

#if os(Linux)
/// glibc's mallopt(3), which its Swift overlay does not declare (malloc.h is not part of it).
@_silgen_name("mallopt") private func systemMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
