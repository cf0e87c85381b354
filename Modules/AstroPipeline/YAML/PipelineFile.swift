import Foundation
import SciBatch
import Yams

/// A pipeline written as YAML: paths, build paths and steps with their tags, files, configuration and
/// dependencies. `${temp}`-style references name the pipeline's paths; relative paths are relative to the file.
/// Anything wrong (a YAML syntax error, an unknown key, an unknown `${name}`, a bad `depends_on`) is refused with
/// the file, line and column, and what to write instead.
public enum PipelineFile {
    /// Keys of the file itself.
    static let documentKeys = ["name", "paths", "build_paths", "executor", "steps"]
    /// Keys of the `executor:` section.
    static let executorKeys = ["type", "partition", "account", "time", "memory", "cpus_per_step", "sbatch_options"]
    /// Keys of a step.
    static let stepKeys = [
        "name", "tool", "run", "tags", "files", "weights", "flags", "config", "config_file", "parameters", "frames",
        "max_astrometric_rms", "inputs", "outputs", "depends_on", "ignore_errors", "ignore_exceptions", "allow_warnings",
    ]

    /// Reads `path` into a pipeline whose working directory is the file's folder. Without a `log` path the log
    /// folder (reports, standard error, the saved state and the lock) is `<file name without extension>.state`
    /// beside the file, so runs always resume and skip what is up to date. With `checkPaths` off, folders are
    /// neither created nor checked (to read the state only).
    public static func load(_ path: String, createPaths: Bool = true, checkPaths: Bool = true) throws -> Pipeline {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw PipelineError.rejected("cannot read \(path): \((error as NSError).localizedDescription)", hint: "check the file name")
        }
        let absolute = (path as NSString).isAbsolutePath ? path : FileManager.default.currentDirectoryPath + "/" + path
        let folder = (absolute as NSString).deletingLastPathComponent
        let stem = ((absolute as NSString).lastPathComponent as NSString).deletingPathExtension
        return try parse(text, source: path, workingDirectory: folder, createPaths: createPaths, checkPaths: checkPaths,
                         defaultLog: "\(stem).state")
    }

    /// Parses YAML text into a pipeline; `defaultLog` is the log folder when the text names none.
    public static func parse(_ text: String, source: String = "pipeline YAML", workingDirectory: String,
                             createPaths: Bool = true, checkPaths: Bool = true, defaultLog: String? = nil) throws -> Pipeline {
        let reader = YAMLReader(source: source)
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw describe(error, source: source)
        }
        guard let root, !(root.scalar.map { $0.string.isEmpty } ?? false) else {
            throw PipelineError.rejected("\(source) is empty", hint: "write a pipeline, e.g. sci pipeline init \(source) --force")
        }
        let document = try reader.entries(root, known: documentKeys, what: "the pipeline")

        var paths: [String: String] = [:]
        for entry in try document["paths"].map({ node throws(PipelineError) in try reader.textMap(node, "paths") }) ?? [] {
            paths[entry.key] = entry.value
        }
        func expand(_ text: String, _ node: Node, _ what: String) throws(PipelineError) -> String {
            var result = ""
            var rest = Substring(text)
            while let open = rest.range(of: "${") {
                result += rest[..<open.lowerBound]
                guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                    throw reader.error(node, "\(what): `${` without a closing `}` in \(text)", hint: "write ${name} with a path's name")
                }
                let name = String(rest[open.upperBound..<close])
                guard let value = paths[name] else {
                    throw reader.error(node, "\(what): ${\(name)} is not a path\(Suggestion.phrase(for: name, in: paths.keys) { "${\($0)}" })",
                                       hint: paths.isEmpty ? "add it under paths:" : "paths: \(paths.keys.sorted().joined(separator: ", ")); add it under paths:, or write $\(name) for a shell variable")
                }
                result += value
                rest = rest[rest.index(after: close)...]
            }
            return result + rest
        }
        for (key, value) in paths {
            if value.contains("${") { throw reader.error(document["paths"], "paths.\(key): a path cannot refer to another (${…})", hint: "write the folder itself") }
        }
        if paths["log"] == nil, let defaultLog { paths["log"] = defaultLog }

        var overrides: [Tool: String] = [:]
        for entry in try document["build_paths"].map({ node throws(PipelineError) in try reader.textMap(node, "build_paths") }) ?? [] {
            guard let tool = Tool(named: entry.key) else {
                throw reader.error(entry.node, "build_paths: unknown program \(entry.key)\(Suggestion.phrase(for: entry.key, in: Tool.allCases.map(\.rawValue)))",
                                   hint: "programs: SExtractor, SCAMP, SWarp, PSFEx")
            }
            overrides[tool] = try expand(entry.value, entry.node, "build_paths.\(entry.key)")
        }
        let name = try document["name"].map { node throws(PipelineError) in try reader.text(node, "name") } ?? "pipeline"
        // Folders are made only once the whole file is known to be right.
        let pipeline = try Pipeline(paths: PipelinePaths(paths), buildPaths: BuildPaths(overrides), name: name,
                                    workingDirectory: workingDirectory, checkPaths: false)

        if let node = document["executor"] {
            pipeline.executorSettings = try executorSettings(node, reader: reader)
        }

        var stepNodes: [String: Node] = [:]
        let steps: [Node]
        switch document["steps"] {
        case .sequence(let sequence)?: steps = Array(sequence)
        case nil: steps = []
        case let other?: throw reader.error(other, "steps must be a list of steps", hint: "write each step as `- name: ...`")
        }
        for (position, node) in steps.enumerated() {
            let entry = try reader.entries(node, known: stepKeys, what: "step \(position)")
            let label = try entry["name"].map { node throws(PipelineError) in try reader.text(node, "step \(position): name") } ?? "step \(position)"
            func texts(_ key: String) throws(PipelineError) -> [String] {
                guard let node = entry[key] else { return [] }
                var result: [String] = []
                for item in try reader.texts(node, "\(label): \(key)") { result.append(try expand(item, node, "\(label): \(key)")) }
                return result
            }
            let action: Step.Action
            let toolName = try entry["tool"].map { node throws(PipelineError) in try reader.text(node, "\(label): tool") }
            if let toolName {
                guard let tool = Tool(named: toolName) else {
                    throw reader.error(entry["tool"], "\(label): unknown program \(toolName)\(Suggestion.phrase(for: toolName, in: Tool.allCases.map(\.rawValue)))",
                                       hint: "programs: SExtractor, SCAMP, SWarp, PSFEx")
                }
                if entry["run"] != nil {
                    throw reader.error(entry["run"], "\(label): a step has either `tool` or `run`, not both", hint: "make two steps")
                }
                var config: [String: String] = [:]
                if let node = entry["config"] {
                    for item in try reader.textMap(node, "\(label): config") {
                        config[item.key] = try expand(item.value, item.node, "\(label): config.\(item.key)")
                    }
                }
                let configFile = try entry["config_file"].map { node throws(PipelineError) in
                    try expand(try reader.text(node, "\(label): config_file"), node, "\(label): config_file")
                }
                let rms = try entry["max_astrometric_rms"].map { node throws(PipelineError) in try reader.number(node, "\(label): max_astrometric_rms") }
                let frames = try entry["frames"].map { node throws(PipelineError) in try reader.integers(node, "\(label): frames") } ?? []
                action = .astromatic(AstromaticRun(
                    tool, files: try texts("files"), weightImages: try texts("weights"), flagImages: try texts("flags"),
                    config: config, configFile: configFile, parameters: try entry["parameters"].map { node throws(PipelineError) in try reader.texts(node, "\(label): parameters") } ?? [],
                    frames: frames, maxAstrometricRMS: rms))
            } else if let node = entry["run"] {
                action = .custom(.shell(try expand(try reader.text(node, "\(label): run"), node, "\(label): run")))
                for key in ["files", "weights", "flags", "config", "config_file", "parameters", "frames", "max_astrometric_rms"] where entry[key] != nil {
                    throw reader.error(entry[key], "\(label): `\(key)` is for a program's step, and this one runs a command", hint: "give the command's files as inputs and outputs")
                }
            } else {
                throw reader.error(node, "\(label) needs a `tool` (SExtractor, SCAMP, SWarp, PSFEx) or a `run` command", hint: "add tool: or run:")
            }
            let stepName = try entry["name"].map { node throws(PipelineError) in try reader.text(node, "\(label): name") }
                ?? "\(toolName.flatMap(Tool.init(named:))?.configSuffix ?? "run")\(position)"
            if stepNodes[stepName] != nil { throw reader.error(entry["name"] ?? node, "two steps are named \(stepName)", hint: "give each step its own name") }
            stepNodes[stepName] = entry["depends_on"] ?? node
            func flag(_ key: String) throws(PipelineError) -> Bool {
                try entry[key].map { node throws(PipelineError) in try reader.flag(node, "\(label): \(key)") } ?? false
            }
            let dependencies = try entry["depends_on"].map { node throws(PipelineError) in try reader.texts(node, "\(label): depends_on") } ?? []
            let allowed = try entry["allow_warnings"].map { node throws(PipelineError) in try reader.texts(node, "\(label): allow_warnings") } ?? []
            let step = Step(
                name: stepName, tags: try entry["tags"].map { node throws(PipelineError) in try reader.texts(node, "\(label): tags") } ?? [],
                ignoreErrors: try flag("ignore_errors"), ignoreExceptions: try flag("ignore_exceptions"), action: action,
                inputs: try texts("inputs"), outputs: try texts("outputs"), dependencies: dependencies, allowedWarnings: allowed)
            do {
                try pipeline.addStep(step)
            } catch {
                throw reader.error(node, error.sciError.message, hint: error.sciError.hint ?? "fix the step")
            }
        }
        do { try pipeline.checkDependencies() } catch {
            // Point at the step's depends_on.
            let step = pipeline.steps.first { step in step.dependencies.contains { dependency in error.sciError.message.contains("step \(step.name) depends on \(dependency)") } }
            let cycleStep = pipeline.steps.first { error.sciError.message.contains("cycle: \($0.name) ") }
            throw reader.error((step ?? cycleStep).flatMap { stepNodes[$0.name] }, error.sciError.message, hint: error.sciError.hint ?? "fix depends_on")
        }
        if checkPaths { try pipeline.checkFolders(create: createPaths) }
        return pipeline
    }

    /// The `executor:` section: `type` (local or slurm) and what each Slurm job asks for; the values are checked by
    /// `ExecutorSettings`, as `sci butler run` checks its own.
    static func executorSettings(_ node: Node, reader: YAMLReader) throws(PipelineError) -> ExecutorSettings {
        let entry = try reader.entries(node, known: executorKeys, what: "executor")
        var settings = ExecutorSettings()
        func check(_ node: Node, _ change: (inout ExecutorSettings) throws(ExecutorSettings.Problem) -> Void) throws(PipelineError) {
            do throws(ExecutorSettings.Problem) { try change(&settings) } catch { throw reader.error(node, error.message, hint: error.hint) }
        }
        if let typeNode = entry["type"] {
            let type = try reader.text(typeNode, "executor: type")
            try check(typeNode) { settings throws(ExecutorSettings.Problem) in try settings.setType(type) }
        }
        for key in ExecutorSettings.textKeys {
            guard let textNode = entry[key] else { continue }
            let value = try reader.text(textNode, "executor: \(key)")
            try check(textNode) { settings throws(ExecutorSettings.Problem) in try settings.setText(key, value) }
        }
        if let cpuNode = entry["cpus_per_step"] {
            let number = try reader.number(cpuNode, "executor: cpus_per_step")
            try check(cpuNode) { settings throws(ExecutorSettings.Problem) in try settings.setCPUs(number, key: "cpus_per_step") }
        }
        if let optionsNode = entry["sbatch_options"] {
            let options = try reader.texts(optionsNode, "executor: sbatch_options")
            try check(optionsNode) { settings throws(ExecutorSettings.Problem) in try settings.setSbatchOptions(options) }
        }
        return settings
    }

    /// A YAML syntax error as `file:line:column: problem`.
    private static func describe(_ error: any Error, source: String) -> PipelineError {
        let hint = "check the indentation and the brackets there (a value with `: ` or `#` needs quotes)"
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let while_ = context.map { " \($0.text) (line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return .rejected("\(source):\(mark.line):\(mark.column): not valid YAML: \(problem)\(while_.isEmpty ? "" : ";\(while_)")", hint: hint)
        case .reader(let problem, let offset, _, _):
            return .rejected("\(source): not readable as UTF-8 text: \(problem)\(offset.map { " at byte \($0)" } ?? "")", hint: "save the file as UTF-8")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .rejected("\(source):\(context.mark.line):\(context.mark.column): \(duplicates.joined(separator: ", ")) given twice", hint: "keep one of them")
        default:
            return .rejected("\(source) is not valid YAML: \("\(error)".split(separator: "\n").first ?? "")", hint: hint)
        }
    }
}
