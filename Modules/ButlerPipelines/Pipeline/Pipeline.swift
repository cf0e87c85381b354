import Foundation
public import SciBatch
import Yams

/// A pipeline file in pipe_base's YAML form: a `description` and `tasks`, each label naming a `class` and its
/// `config` (or the class alone, `label: some.Task`), as the SPHEREx POC's `ExamplePipeline.yaml`.
public struct Pipeline: Sendable, Hashable {
    /// The description.
    public var description: String
    /// The tasks in file order.
    public var tasks: [PipelineEntry]
    /// Where the quanta run: sci's own `executor:` section (pipetask has none; BPS keeps it in its own config).
    public var executor = ExecutorSettings()

    /// A pipeline.
    public init(description: String = "", tasks: [PipelineEntry]) {
        self.description = description
        self.tasks = tasks
    }

    /// Reads a pipeline file.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError.invalidPipeline("cannot read the pipeline file \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PipelineError.invalidPipeline("the pipeline file \(path) is not UTF-8 text")
        }
        try self.init(yaml: text, source: path)
    }

    /// Reads pipeline YAML; `source` names it in messages.
    public init(yaml text: String, source: String = "the pipeline") throws {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw PipelineError.invalidPipeline("\(source) is not YAML: \(error)")
        }
        guard let top = node?.mapping else {
            throw PipelineError.invalidPipeline("\(source) is not a mapping with description and tasks")
        }
        // Keys pipe_base has that change which tasks run or how; refusing them beats running something else.
        let ignored: Set<String> = ["instrument", "contracts"]
        var description = ""
        var entries: [PipelineEntry] = []
        var executor = ExecutorSettings()
        for (key, value) in top {
            guard let name = key.string else { throw PipelineError.invalidPipeline("\(source): a key that is not text") }
            switch name {
            case "description": description = value.string ?? ""
            case "tasks":
                guard let tasks = value.mapping else {
                    throw PipelineError.invalidPipeline("\(source): tasks must map labels to classes")
                }
                for (labelNode, taskNode) in tasks {
                    guard let label = labelNode.string, !label.isEmpty else {
                        throw PipelineError.invalidPipeline("\(source): a task label that is not text")
                    }
                    entries.append(try Self.entry(label: label, node: taskNode, source: source))
                }
            case "executor": executor = try Self.executorSettings(value, source: source)
            case _ where ignored.contains(name): continue
            default:
                throw PipelineError.invalidPipeline(
                    "\(source): '\(name)' is not supported", hint: "sci reads description, tasks (label → class, config) and executor")
            }
        }
        guard !entries.isEmpty else { throw PipelineError.invalidPipeline("\(source) has no tasks") }
        self.init(description: description, tasks: entries)
        self.executor = executor
    }

    private static func entry(label: String, node: Node, source: String) throws -> PipelineEntry {
        if let className = node.string { return PipelineEntry(label: label, className: className) }
        guard let mapping = node.mapping else {
            throw PipelineError.invalidPipeline("\(source): task '\(label)' must be a class name or a mapping with class and config")
        }
        var className: String?
        var config: [String: String] = [:]
        for (key, value) in mapping {
            switch key.string {
            case "class": className = value.string
            case "config":
                // pipe_base allows a list of config blocks; they apply in order.
                let blocks = value.sequence.map(Array.init) ?? [value]
                for block in blocks {
                    guard let fields = block.mapping else {
                        throw PipelineError.invalidPipeline("\(source): the config of '\(label)' must map keys to values")
                    }
                    try flatten(fields, prefix: "", into: &config, label: label, source: source)
                }
            default:
                throw PipelineError.invalidPipeline(
                    "\(source): task '\(label)' has '\(key.string ?? "?")'", hint: "a task takes class and config")
            }
        }
        guard let className, !className.isEmpty else { throw PipelineError.invalidPipeline("\(source): task '\(label)' has no class") }
        return PipelineEntry(label: label, className: className, config: config)
    }

    /// Nested config mappings become dotted keys (`connections: {inputImage: rawexp}` is `connections.inputImage`).
    private static func flatten(
        _ mapping: Node.Mapping, prefix: String, into config: inout [String: String], label: String, source: String
    ) throws {
        for (key, value) in mapping {
            guard let name = key.string else { throw PipelineError.invalidPipeline("\(source): a config key of '\(label)' is not text") }
            if let nested = value.mapping {
                try flatten(nested, prefix: prefix + name + ".", into: &config, label: label, source: source)
            } else if let scalar = value.scalar {
                config[prefix + name] = scalar.string
            } else {
                throw PipelineError.invalidPipeline("\(source): config \(prefix + name) of '\(label)' is a list; sci takes single values")
            }
        }
    }

    /// The pipeline with `overrides` applied on top of the file's config; an override of an unknown label is an error.
    public func applying(_ overrides: [ConfigOverride]) throws -> Pipeline {
        var result = self
        for override in overrides {
            guard let index = result.tasks.firstIndex(where: { $0.label == override.label }) else {
                throw PipelineError.invalidConfig(
                    "config override for '\(override.label)', which is not a task of the pipeline",
                    hint: "labels: \(tasks.map(\.label).joined(separator: ", "))")
            }
            result.tasks[index].config.values[override.key] = override.value
        }
        return result
    }
}
