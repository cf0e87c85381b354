public import ArgumentParser

/// `sci pipeline`: write, run and inspect AstrOmatic pipelines described in YAML.
public struct PipelineCommand: ParsableCommand {
    /// The group and its commands.
    public static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Resumable AstrOmatic pipelines: SExtractor, SCAMP, SWarp and PSFEx as steps.",
        discussion: """
            A pipeline is a YAML file of paths, build paths and steps. Each run writes its XML report and the
            pipeline's state to the log folder, so a failed or killed run resumes where it stopped.
            Example:
              sci pipeline synth data && sci pipeline init > pipeline.yaml
              sci pipeline run pipeline.yaml --jobs 2
              sci pipeline status pipeline.yaml
            """,
        subcommands: [Init.self, Run.self, Status.self, Log.self, Config.self, Synth.self])

    public init() {}
}
