public import Butler

/// Builds the quantum graph of a pipeline from a repository's registry, as pipe_base's graph builder: one quantum
/// per data ID over a task's dimensions that the input datasets (and `--where`) select, inputs found find-first in
/// the input collections or predicted from earlier tasks, outputs predicted in the output RUN with the ids
/// `dataid_type_run` gives, so the graph names the very datasets the run will write.
public struct QuantumGraphBuilder {
    /// The repository.
    public let butler: Butler
    /// The input collections, searched in order.
    public var inputs: [String]
    /// The CHAINED output collection.
    public var output: String
    /// The RUN the outputs will be written into.
    public var outputRun: String
    /// A where-expression over the tasks' dimensions.
    public var whereClause: String?
    /// Values for `:name` placeholders in the where-expression.
    public var bind: [String: WhereBindValue]
    /// Collections whose finished quanta (their metadata found there) are left out, their outputs read from there
    /// (`--skip-existing`).
    public var skipExistingIn: [String]

    /// A builder.
    public init(
        butler: Butler, inputs: [String], output: String, outputRun: String, where whereClause: String? = nil,
        bind: [String: WhereBindValue] = [:], skipExistingIn: [String] = []
    ) {
        self.butler = butler
        self.inputs = inputs
        self.output = output
        self.outputRun = outputRun
        self.whereClause = whereClause
        self.bind = bind
        self.skipExistingIn = skipExistingIn
    }

    /// A dataset available to a task: found in the repository (no producer) or written by a quantum of this graph.
    private struct Available {
        var ref: DatasetRef
        var producer: Int?
    }

    /// The graph of `pipeline`.
    public func build(_ pipeline: ConfiguredPipeline) throws -> QuantumGraph {
        let registry = butler.registry
        let universe = registry.universe
        var produced: [String: [Available]] = [:]
        var quanta: [Quantum] = []
        var skipped: [SkippedQuantum] = []
        var found: [String: [DatasetRef]] = [:]
        let whereText = whereClause.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }

        func existing(_ datasetType: String, in collections: [String]) throws -> [DatasetRef] {
            guard !collections.isEmpty, (try? registry.datasetType(datasetType)) != nil else { return [] }
            return try registry.queryDatasets(datasetType, collections: collections, findFirst: true)
        }

        for task in pipeline.tasks {
            let connections = task.connections
            let taskDims = try universe.group(connections.dimensions).required
            let taskSet = Set(taskDims)
            var restriction: Set<DataId>?
            func allowed() throws -> Set<DataId> {
                if let restriction { return restriction }
                let ids = Set(try registry.queryDataIds(taskDims, where: whereText, bind: bind))
                restriction = ids
                return ids
            }

            // Each input's datasets by the data ID they share with the quantum.
            var index: [String: [DataId: [Available]]] = [:]
            var candidateSets: [(full: Bool, ids: Set<DataId>)] = []
            for input in connections.inputs {
                let inputDims = try universe.group(input.dimensions).required
                let shared = inputDims.filter(taskSet.contains)
                let covers = Set(inputDims).isSuperset(of: taskSet)
                let within = taskSet.isSuperset(of: inputDims)
                let available: [Available]
                if let made = produced[input.datasetType] {
                    available = made
                } else {
                    if found[input.datasetType] == nil {
                        guard (try? registry.datasetType(input.datasetType)) != nil else {
                            throw ButlerError.unknownDatasetType(input.datasetType)
                        }
                        found[input.datasetType] = try registry.queryDatasets(input.datasetType, collections: inputs, findFirst: true)
                    }
                    available = found[input.datasetType]!.map { Available(ref: $0, producer: nil) }
                }
                var byKey: [DataId: [Available]] = [:]
                for item in available { byKey[item.ref.dataId.subset(shared), default: []].append(item) }
                index[input.name] = byKey

                var ids: Set<DataId>
                if produced[input.datasetType] == nil, within {
                    // The registry joins the dimension records, so an input over fewer dimensions than the task
                    // (a per-detector dark for per-exposure quanta) selects every data ID it applies to.
                    ids = Set(try registry.queryDataIds(
                        taskDims, where: whereText, bind: bind, datasetType: input.datasetType, collections: inputs))
                } else if within && inputDims.count == taskDims.count {
                    ids = Set(available.map { $0.ref.dataId.subset(taskDims) })
                    if whereText != nil { ids.formIntersection(try allowed()) }
                } else if within {
                    let keys = Set(byKey.keys)
                    ids = try allowed().filter { keys.contains($0.subset(shared)) }
                } else {
                    // An input with more dimensions than the task (`multiple`): its datasets group into quanta.
                    ids = Set(available.map { $0.ref.dataId.subset(taskDims) }).filter { $0.values.count == taskDims.count }
                    if whereText != nil { ids.formIntersection(try allowed()) }
                }
                candidateSets.append((covers, ids))
            }
            var candidates = Set<DataId>()
            let full = candidateSets.filter(\.full)
            if connections.inputs.isEmpty {
                candidates = try allowed()
            } else if !full.isEmpty {
                for set in full { candidates.formUnion(set.ids) }
            } else {
                // No input spans the task's dimensions: the quanta are where all of them meet (a union would be
                // their cross product, mostly data IDs nobody meant).
                candidates = candidateSets.dropFirst().reduce(candidateSets[0].ids) { $0.intersection($1.ids) }
            }

            // Quanta already finished in the collections --skip-existing names: their outputs are read from there.
            var finished = Set<DataId>()
            var finishedOutputs: [String: [DataId: DatasetRef]] = [:]
            if !skipExistingIn.isEmpty {
                finished = Set(try existing(task.metadataType, in: skipExistingIn).map { $0.dataId.subset(taskDims) })
                for output in connections.outputs {
                    let outputDims = try universe.group(output.dimensions).required
                    var refs: [DataId: DatasetRef] = [:]
                    for ref in try existing(output.datasetType, in: skipExistingIn) { refs[ref.dataId.subset(outputDims)] = ref }
                    finishedOutputs[output.name] = refs
                }
            }

            let ordered = candidates.sorted { Self.precedes($0, $1, dims: taskDims) }
            for dataId in ordered {
                var inputRefs: [String: [DatasetRef]] = [:]
                var dependencies = Set<Int>()
                var missing: [String] = []
                for input in connections.inputs {
                    let inputDims = try universe.group(input.dimensions).required
                    let matches = index[input.name]?[dataId.subset(inputDims.filter(taskSet.contains))] ?? []
                    if matches.isEmpty {
                        missing.append(input.datasetType)
                        continue
                    }
                    if !input.multiple, matches.count > 1 {
                        throw PipelineError.inconsistentPipeline(
                            "\(task.label) \(dataId): \(matches.count) \(input.datasetType) datasets match and connection "
                                + "\(input.name) takes one; declare it multiple or give the task more dimensions")
                    }
                    inputRefs[input.name] = matches.map(\.ref)
                    for match in matches { if let producer = match.producer { dependencies.insert(producer) } }
                }
                guard missing.isEmpty else {
                    skipped.append(SkippedQuantum(task: task.label, dataId: dataId, missing: missing))
                    continue
                }
                if finished.contains(dataId) {
                    for output in connections.outputs {
                        let outputDims = try universe.group(output.dimensions).required
                        if let ref = finishedOutputs[output.name]?[dataId.subset(outputDims)] {
                            produced[output.datasetType, default: []].append(Available(ref: ref, producer: nil))
                        }
                    }
                    continue
                }
                var outputRefs: [String: [DatasetRef]] = [:]
                for output in connections.outputs {
                    let outputDims = try universe.group(output.dimensions).required
                    guard taskSet.isSuperset(of: outputDims) else {
                        throw PipelineError.inconsistentPipeline(
                            "\(task.label): output \(output.name) (\(output.datasetType)) has dimensions beyond the task's "
                                + "(\(taskDims.joined(separator: ", ")))")
                    }
                    let outputId = dataId.subset(outputDims)
                    let ref = DatasetRef(
                        id: DatasetIdFactory.makeId(datasetType: output.datasetType, dataId: outputId, run: outputRun, mode: .dataIdTypeRun),
                        datasetType: output.datasetType, dataId: outputId, run: outputRun)
                    outputRefs[output.name] = [ref]
                    produced[output.datasetType, default: []].append(Available(ref: ref, producer: quanta.count))
                }
                let metadata = DatasetRef(
                    id: DatasetIdFactory.makeId(datasetType: task.metadataType, dataId: dataId, run: outputRun, mode: .dataIdTypeRun),
                    datasetType: task.metadataType, dataId: dataId, run: outputRun)
                quanta.append(Quantum(
                    id: quanta.count, task: task.label, dataId: dataId, inputs: inputRefs, outputs: outputRefs, metadata: metadata,
                    dependencies: dependencies.sorted()))
            }
            // A downstream task finds no dataset of a type this task makes only through what it made here.
            for output in connections.outputs where produced[output.datasetType] == nil { produced[output.datasetType] = [] }
        }
        return QuantumGraph(
            inputCollections: inputs, output: output, outputRun: outputRun,
            tasks: pipeline.tasks.map { task in
                QuantumGraph.TaskNode(label: task.label, className: task.className, config: task.config.values, connections: task.connections)
            },
            quanta: quanta, skipped: skipped)
    }

    /// Data IDs in the order of the task's dimensions' values, so graphs print and run the same way every time.
    static func precedes(_ a: DataId, _ b: DataId, dims: [String]) -> Bool {
        for name in dims {
            guard let left = a[name], let right = b[name] else { continue }
            if left != right { return left < right }
        }
        return false
    }
}
