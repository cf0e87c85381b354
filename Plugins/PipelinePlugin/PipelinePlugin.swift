public import ArgumentParser
public import SciCLI

/// The pipeline plugin: `sci pipeline ...`, resumable AstrOmatic pipelines (SExtractor, SCAMP, SWarp, PSFEx).
public enum PipelinePlugin: SciPlugin {
    /// `pipeline`.
    public static let name = "pipeline"
    /// The command group.
    public static let command: any ParsableCommand.Type = PipelineCommand.self
}
