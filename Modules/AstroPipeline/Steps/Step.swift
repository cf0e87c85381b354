/// One step of a pipeline: an AstrOmatic run or custom work, with the tags and error policy the seed describes.
public struct Step: Sendable {
    /// What a step does.
    public enum Action: Sendable {
        /// Runs SExtractor, SCAMP, SWarp or PSFEx.
        case astromatic(AstromaticRun)
        /// Runs Swift code (the library) or a shell command (the CLI).
        case custom(CustomStep)
    }

    /// A name unique in the pipeline; it also names the step's XML report (`log/<name>.xml`).
    public var name: String
    /// Tags for selecting steps with `run(runTags:ignoreTags:)`.
    public var tags: [String]
    /// Log an error result and continue instead of stopping the pipeline.
    public var ignoreErrors: Bool
    /// Log a thrown error and continue instead of stopping the pipeline.
    public var ignoreExceptions: Bool
    /// What the step does.
    public var action: Action
    /// Files the step reads beyond those its AstrOmatic run implies; they order steps and decide up-to-date checks.
    public var inputs: [String]
    /// Files the step writes beyond those its AstrOmatic run implies.
    public var outputs: [String]
    /// Names of steps that must finish before this one, beyond those implied by inputs and outputs.
    public var dependencies: [String]
    /// Warnings meaning an input was not used (a header or weight not found, an empty catalog) fail the step
    /// unless they contain one of these texts.
    public var allowedWarnings: [String]

    /// A step; only the name and action are required.
    public init(name: String, tags: [String] = [], ignoreErrors: Bool = false, ignoreExceptions: Bool = false,
                action: Action, inputs: [String] = [], outputs: [String] = [], dependencies: [String] = [],
                allowedWarnings: [String] = []) {
        self.name = name
        self.tags = tags
        self.ignoreErrors = ignoreErrors
        self.ignoreExceptions = ignoreExceptions
        self.action = action
        self.inputs = inputs
        self.outputs = outputs
        self.dependencies = dependencies
        self.allowedWarnings = allowedWarnings
    }

    /// The AstrOmatic run, when the step is one.
    public var run: AstromaticRun? {
        get { if case .astromatic(let run) = action { return run } else { return nil } }
        set { if let newValue { action = .astromatic(newValue) } }
    }

    /// Every file the step reads: declared ones and those its run implies.
    public var allInputs: [String] { inputs + (run?.impliedInputs ?? []) }

    /// Every file the step writes: declared ones and those its run implies.
    public var allOutputs: [String] { outputs + (run?.impliedOutputs ?? []) }

    /// Whether the step says what it reads and writes; a step that does not is ordered after everything before it.
    var declaresFiles: Bool { run != nil || !inputs.isEmpty || !outputs.isEmpty }
}
