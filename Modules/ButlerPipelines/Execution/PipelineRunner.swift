public import Butler
public import Foundation
import SciCore

/// Builds and runs a pipeline's quantum graph on a repository, as `pipetask qgraph` and `pipetask run`: outputs go
/// into a new RUN `OUTPUT/<timestamp>` at the head of the CHAINED collection OUTPUT (which then searches the
/// inputs too). Each finished quantum commits its provenance record last; the graph is saved beside the registry
/// until every quantum is finished, so running the same command again after a kill or a failure resumes that RUN
/// and runs only the quanta without a record.
public struct PipelineRunner: Sendable {
    /// The repository.
    public let butler: Butler
    /// The pipeline.
    public let pipeline: ConfiguredPipeline

    /// A runner.
    public init(butler: Butler, pipeline: ConfiguredPipeline) {
        self.butler = butler
        self.pipeline = pipeline
    }

    /// What to build the graph from.
    public struct Options: Sendable {
        /// Input collections (`-i`); empty means the output chain, when it exists.
        public var inputs: [String]
        /// The CHAINED output collection (`-o`).
        public var output: String
        /// A where-expression (`--where`).
        public var whereClause: String?
        /// Values for its placeholders.
        public var bind: [String: WhereBindValue]
        /// Leave out quanta already finished in the output chain (`--skip-existing`).
        public var skipExisting: Bool
        /// The new RUN's name; nil means `OUTPUT/<UTC timestamp>` as pipetask names it.
        public var outputRun: String?

        /// Options.
        public init(
            inputs: [String], output: String, where whereClause: String? = nil, bind: [String: WhereBindValue] = [:],
            skipExisting: Bool = false, outputRun: String? = nil
        ) {
            self.inputs = inputs
            self.output = output
            self.whereClause = whereClause
            self.bind = bind
            self.skipExisting = skipExisting
            self.outputRun = outputRun
        }
    }

    /// pipetask's RUN name: `OUTPUT/20260101T120000Z`.
    public static func runName(output: String, at date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return output + "/" + formatter.string(from: date)
    }

    /// The graph `pipetask qgraph` would build: nothing is written.
    public func graph(_ options: Options) throws -> QuantumGraph {
        let inputs = try resolvedInputs(options)
        let chain = try existingChain(options.output)
        return try QuantumGraphBuilder(
            butler: butler, inputs: inputs, output: options.output, outputRun: options.outputRun ?? Self.runName(output: options.output),
            where: options.whereClause, bind: options.bind, skipExistingIn: options.skipExisting && chain != nil ? [options.output] : []
        ).build(pipeline)
    }

    /// Decides what to run: the unfinished RUN at the head of the output chain when its saved graph is the one
    /// these options give, else a new RUN. Nothing is written.
    public func prepare(_ options: Options) throws -> RunPlan {
        let inputs = try resolvedInputs(options)
        let chain = try existingChain(options.output)
        if let head = chain?.first, let saved = try savedGraph(run: head) {
            let again = try QuantumGraphBuilder(
                butler: butler, inputs: inputs, output: options.output, outputRun: head, where: options.whereClause, bind: options.bind
            ).build(pipeline)
            if Self.sameWork(saved, again) {
                let recorded = try finishedQuanta(saved)
                let damaged = try quantaWithLostFiles(saved, recorded)
                let done = recorded.subtracting(damaged)
                let pending = Set(saved.quanta.map(\.id)).subtracting(done)
                var notes = ["resuming RUN \(head): \(done.count) of \(saved.quanta.count) quanta finished before, \(pending.count) to run"]
                if !damaged.isEmpty {
                    notes.append(
                        "\(damaged.count) finished quanta have missing or cut-short files (a power cut before the disk had them?); they run again")
                }
                return RunPlan(graph: saved, pending: pending, resumed: true, notes: notes)
            }
        }
        var options = options
        options.inputs = inputs
        var run = options.outputRun ?? Self.runName(output: options.output)
        // Two runs in one second would share a name; pipetask refuses, sci counts on.
        var suffix = 1
        while (try? butler.registry.collection(run)) != nil, options.outputRun == nil {
            suffix += 1
            run = Self.runName(output: options.output) + "-\(suffix)"
        }
        options.outputRun = run
        let graph = try self.graph(options)
        var notes: [String] = []
        if options.skipExisting, let chain, !chain.isEmpty {
            notes.append("--skip-existing: quanta finished in \(options.output) are left out")
        }
        return RunPlan(graph: graph, pending: Set(graph.quanta.map(\.id)), resumed: false, notes: notes)
    }

    /// Runs a plan: checks (or with `registerDatasetTypes` registers) the output dataset types, makes the RUN and
    /// the chain for a new plan, saves the graph, runs the pending quanta on `executor` and forgets the saved graph
    /// once every quantum is finished. With `syncOutputs` each output reaches the disk before it is committed (see
    /// `QuantumRunner.syncOutputs`).
    public func execute(
        _ plan: RunPlan, registerDatasetTypes: Bool, executor: any QuantumExecutor, syncOutputs: Bool = false,
        observe: @escaping @Sendable (QuantumEvent) -> Void = { _ in }
    ) throws -> ExecutionReport {
        let graph = plan.graph
        try checkDatasetTypes(register: registerDatasetTypes)
        if !plan.resumed {
            let registry = butler.registry
            try registry.registerCollection(graph.outputRun, type: .run)
            var children = [graph.outputRun]
            if let chain = try existingChain(graph.output) { children += chain }
            for input in graph.inputCollections where !children.contains(input) && input != graph.output { children.append(input) }
            try registry.registerCollection(graph.output, type: .chained)
            try registry.setChain(graph.output, children: children, mode: .redefine)
            try AtomicFile.write(try graph.jsonData(), to: try graphPath(run: graph.outputRun, creating: true))
        }
        let staging = try folder(for: graph.outputRun, kind: "staging")
        // A killed run's staged files belong to no quantum any more.
        try? FileManager.default.removeItem(atPath: staging)
        let runner = try QuantumRunner(butler: butler, graph: graph, pipeline: pipeline, staging: staging, resuming: plan.resumed, syncOutputs: syncOutputs)
        let report = executor.execute(pending: plan.pending, runner: runner, observe: observe)
        try? FileManager.default.removeItem(atPath: staging)
        // The saved graph goes once every quantum of it is finished, whatever this execution was asked to run.
        if report.failed.isEmpty && report.blocked.isEmpty, try finishedQuanta(graph).count == graph.quanta.count {
            unlink(try graphPath(run: graph.outputRun, creating: false))
        }
        return report
    }

    // MARK: Private

    private func resolvedInputs(_ options: Options) throws -> [String] {
        if !options.inputs.isEmpty { return options.inputs }
        guard try existingChain(options.output) != nil else {
            throw PipelineError.invalidConfig(
                "no input collections", hint: "give -i COLLECTIONS (or -o an existing output collection to read from)")
        }
        return [options.output]
    }

    /// The output collection's children, nil when it does not exist; anything but a CHAINED collection is refused.
    private func existingChain(_ output: String) throws -> [String]? {
        guard let info = try? butler.registry.collection(output) else { return nil }
        guard info.type == .chained else {
            throw ButlerError.wrongCollectionType("the output collection '\(output)' is \(info.type); -o names a CHAINED collection")
        }
        return info.children
    }

    private func checkDatasetTypes(register: Bool) throws {
        let registry = butler.registry
        for task in pipeline.tasks {
            let metadata = Connection(
                name: "metadata", datasetType: task.metadataType, dimensions: task.connections.dimensions, storageClass: "StructuredDataDict")
            for output in task.connections.outputs + [metadata] {
                let wanted = DatasetType(name: output.datasetType, dimensions: output.dimensions, storageClass: output.storageClass)
                if let known = try? registry.datasetType(output.datasetType) {
                    let universe = registry.universe
                    guard try universe.group(known.dimensions).required == universe.group(wanted.dimensions).required,
                        known.storageClass == wanted.storageClass
                    else {
                        throw ButlerError.conflictingDatasetType(
                            "\(output.datasetType) is registered as \(known.storageClass) over \(known.dimensions.joined(separator: ", ")), "
                                + "but task \(task.label) writes \(wanted.storageClass) over \(wanted.dimensions.joined(separator: ", "))")
                    }
                } else if register {
                    try registry.registerDatasetType(wanted)
                } else {
                    throw PipelineError.invalidPipeline(
                        "dataset type \(output.datasetType) (an output of \(task.label)) is not registered",
                        hint: "pass --register-dataset-types, as with pipetask")
                }
            }
        }
    }

    private func finishedQuanta(_ graph: QuantumGraph) throws -> Set<Int> {
        var recorded: Set<UUID> = []
        for type in Set(graph.quanta.map(\.metadata.datasetType)) where (try? butler.registry.datasetType(type)) != nil {
            for ref in try butler.registry.queryDatasets(type, collections: [graph.outputRun], paths: false) { recorded.insert(ref.id) }
        }
        return Set(graph.quanta.filter { recorded.contains($0.metadata.id) }.map(\.id))
    }

    /// The finished quanta with an output or provenance file missing or not of the size recorded when it was
    /// committed: outputs are not synced by default, so a power cut can lose what the kernel had not yet written.
    private func quantaWithLostFiles(_ graph: QuantumGraph, _ finished: Set<Int>) throws -> Set<Int> {
        guard !finished.isEmpty else { return [] }
        let quanta = finished.map { graph.quanta[$0] }
        var paths: [UUID: String] = [:]
        for type in Set(quanta.flatMap { $0.outputs.values.joined().map(\.datasetType) + [$0.metadata.datasetType] }) {
            for ref in try butler.registry.queryDatasets(type, collections: [graph.outputRun], paths: true) {
                if ref.path != nil { paths[ref.id] = try butler.path(of: ref) }
            }
        }
        let sizes = try butler.registry.recordedFileSizes(of: Array(paths.keys))
        return Set(quanta.filter { quantum in
            (quantum.outputs.values.joined().map(\.id) + [quantum.metadata.id]).contains { id in
                guard let path = paths[id], let size = sizes[id] else { return false }
                return FileDescriptor.size(of: path) != size
            }
        }.map(\.id))
    }

    /// Whether two graphs do the same work: the same tasks, configs, collections and quanta.
    static func sameWork(_ a: QuantumGraph, _ b: QuantumGraph) -> Bool {
        a.tasks == b.tasks && a.outputRun == b.outputRun && a.inputCollections == b.inputCollections
            && a.quanta.map { [$0.task, $0.dataId.description] } == b.quanta.map { [$0.task, $0.dataId.description] }
    }

    private func savedGraph(run: String) throws -> QuantumGraph? {
        let path = try graphPath(run: run, creating: false)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try QuantumGraph(jsonData: data, source: path)
    }

    /// Where the graph of an unfinished RUN is kept: beside the registry, outside the datastore.
    private func graphPath(run: String, creating: Bool) throws -> String {
        try folder(for: "graphs", kind: nil, creating: creating) + "/" + Self.fileName(run) + ".qgraph.json"
    }

    private func folder(for name: String, kind: String?, creating: Bool = true) throws -> String {
        var path = butler.root + "/.sci-pipelines"
        if let kind { path += "/" + kind + "/" + Self.fileName(name) } else { path += "/" + name }
        if creating { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        return path
    }

    /// A collection name as one file name (`/` and `%` escaped).
    private static func fileName(_ name: String) -> String {
        name.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "/", with: "%2F")
    }

    /// A one-line message for an error.
    static func message(_ error: any Error) -> String {
        let sci = SciError.from(error)
        return sci.hint.map { "\(sci.message) (\($0))" } ?? sci.message
    }
}
