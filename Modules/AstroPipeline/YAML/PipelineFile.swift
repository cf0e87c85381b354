import Foundation
import Yams

/// A pipeline written as YAML: paths, build paths and steps with their tags, files, configuration and
/// dependencies. `${temp}`-style references name the pipeline's paths; relative paths are relative to the file.
public enum PipelineFile {
    /// Reads `path` into a pipeline whose working directory is the file's folder.
    public static func load(_ path: String, createPaths: Bool = true) throws -> Pipeline {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw PipelineError.invalidPipeline("cannot read \(path): \(error.localizedDescription)")
        }
        let folder = (((path as NSString).isAbsolutePath ? path : FileManager.default.currentDirectoryPath + "/" + path) as NSString)
            .deletingLastPathComponent
        return try parse(text, source: path, workingDirectory: folder, createPaths: createPaths)
    }

    /// Parses YAML text into a pipeline.
    public static func parse(_ text: String, source: String = "pipeline YAML", workingDirectory: String,
                             createPaths: Bool = true) throws -> Pipeline {
        let file: Document
        do { file = try YAMLDecoder().decode(Document.self, from: text) } catch {
            throw PipelineError.invalidPipeline("\(source) is not a valid pipeline: \(Self.describe(error))")
        }
        let paths = file.paths ?? [:]
        func expand(_ text: String) -> String {
            var result = text
            for (key, value) in paths { result = result.replacingOccurrences(of: "${\(key)}", with: value) }
            return result
        }
        var overrides: [Tool: String] = [:]
        for (name, binary) in file.build_paths ?? [:] {
            guard let tool = Tool(named: name) else { throw PipelineError.invalidPipeline("build_paths: unknown program \(name)") }
            overrides[tool] = expand(binary)
        }
        let pipeline = try Pipeline(paths: PipelinePaths(paths), buildPaths: BuildPaths(overrides), name: file.name ?? "pipeline",
                                    workingDirectory: workingDirectory, createPaths: createPaths)
        for (position, entry) in (file.steps ?? []).enumerated() {
            let action: Step.Action
            if let name = entry.tool {
                guard let tool = Tool(named: name) else { throw PipelineError.invalidPipeline("step \(position): unknown program \(name)") }
                action = .astromatic(AstromaticRun(
                    tool, files: (entry.files ?? []).map(expand), weightImages: (entry.weights ?? []).map(expand),
                    flagImages: (entry.flags ?? []).map(expand),
                    config: (entry.config ?? [:]).mapValues { expand($0.text) },
                    configFile: entry.config_file.map(expand), parameters: entry.parameters ?? [], frames: entry.frames ?? [],
                    maxAstrometricRMS: entry.max_astrometric_rms))
            } else if let command = entry.run {
                action = .custom(.shell(expand(command)))
            } else {
                throw PipelineError.invalidPipeline("step \(position) (\(entry.name ?? "unnamed")) needs a `tool` or a `run` command")
            }
            let name = entry.name ?? "\(entry.tool.flatMap(Tool.init(named:))?.configSuffix ?? "run")\(position)"
            try pipeline.addStep(Step(
                name: name, tags: entry.tags ?? [], ignoreErrors: entry.ignore_errors ?? false,
                ignoreExceptions: entry.ignore_exceptions ?? false, action: action,
                inputs: (entry.inputs ?? []).map(expand), outputs: (entry.outputs ?? []).map(expand),
                dependencies: entry.depends_on ?? []))
        }
        let names = Set(pipeline.steps.map(\.name))
        for step in pipeline.steps {
            if let missing = step.dependencies.first(where: { !names.contains($0) }) {
                throw PipelineError.invalidPipeline("step \(step.name) depends on \(missing), which is not a step")
            }
        }
        return pipeline
    }

    private static func describe(_ error: any Error) -> String {
        if case DecodingError.typeMismatch(_, let context) = error { return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)" }
        if case DecodingError.keyNotFound(let key, let context) = error { return "\((context.codingPath + [key]).map(\.stringValue).joined(separator: ".")) is missing" }
        return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
    }

    // The file's shape; keys are spelled as users write them (the wrapper's snake_case).
    // swiftlint:disable identifier_name
    private struct Document: Decodable {
        var name: String?
        var paths: [String: String]?
        var build_paths: [String: String]?
        var steps: [Entry]?
    }

    private struct Entry: Decodable {
        var name: String?
        var tool: String?
        var run: String?
        var tags: [String]?
        var files: [String]?
        var weights: [String]?
        var flags: [String]?
        var config: [String: Scalar]?
        var config_file: String?
        var parameters: [String]?
        var frames: [Int]?
        var max_astrometric_rms: Double?
        var inputs: [String]?
        var outputs: [String]?
        var depends_on: [String]?
        var ignore_errors: Bool?
        var ignore_exceptions: Bool?
    }
    // swiftlint:enable identifier_name

    /// A configuration value as the command line wants it, whatever YAML type it was written as (`N`, `5`, `false`).
    private struct Scalar: Decodable {
        var text: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let bool = try? container.decode(Bool.self) { text = bool ? "Y" : "N"; return }
            if let int = try? container.decode(Int.self) { text = String(int); return }
            if let double = try? container.decode(Double.self) { text = String(double); return }
            if let list = try? container.decode([String].self) { text = list.joined(separator: ","); return }
            text = try container.decode(String.self)
        }
    }
}
