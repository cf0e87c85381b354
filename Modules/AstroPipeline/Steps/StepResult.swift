public import Foundation
public import SciCore

/// How a step ended, with what its program reported: the seed's result dictionary, typed.
public struct StepResult: Sendable, Codable, Equatable {
    /// The outcome, as the seed defines it.
    public enum Status: String, Sendable, Codable {
        /// The step did its work.
        case success
        /// The step failed; `message` says why.
        case error
        /// The step returned no clear status.
        case unknown
        /// The run was stopped (SIGINT, SIGTERM, SIGHUP) while the step ran; a resumed run runs it again.
        case interrupted
    }

    /// The outcome.
    public var status: Status
    /// Why the step failed (taken from the program's XML `Error_Msg` or its standard error), or nil.
    public var message: String?
    /// Warnings the program reported (its XML `Warnings` table) or the step raised.
    public var warnings: [String]
    /// Figures lifted from the program's report: NDetect, NSextracted, AstromSigma_Reference, FWHM_Mean, ...
    public var counts: [String: JSONValue]
    /// Wall-clock seconds the step took.
    public var elapsed: Double
    /// Files the step wrote.
    public var outputs: [String]
    /// The program's XML report, when it wrote one.
    public var report: String?
    /// The command line that ran, when the step ran a program.
    public var command: [String]?
    /// The program's version line, e.g. "2.25.0".
    public var version: String?
    /// When the step started.
    public var startedAt: Date?
    /// True when the step was not run because nothing it depends on changed since its last success.
    public var upToDate: Bool
    /// The hash of the step's inputs, command and program version at its last run (xxh64), for up-to-date checks.
    public var fingerprint: String?

    /// A result; everything but the status is optional.
    public init(status: Status, message: String? = nil, warnings: [String] = [], counts: [String: JSONValue] = [:],
                elapsed: Double = 0, outputs: [String] = [], report: String? = nil, command: [String]? = nil,
                version: String? = nil, startedAt: Date? = nil, upToDate: Bool = false, fingerprint: String? = nil) {
        self.status = status
        self.message = message
        self.warnings = warnings
        self.counts = counts
        self.elapsed = elapsed
        self.outputs = outputs
        self.report = report
        self.command = command
        self.version = version
        self.startedAt = startedAt
        self.upToDate = upToDate
        self.fingerprint = fingerprint
    }

    /// A plain success.
    public static func success(outputs: [String] = []) -> StepResult { StepResult(status: .success, outputs: outputs) }

    /// A plain error with its message.
    public static func error(_ message: String) -> StepResult { StepResult(status: .error, message: message) }

    /// A figure from `counts` as a number; for a pair such as AstromSigma_Reference, the larger.
    public func number(_ key: String) -> Double? {
        switch counts[key] {
        case .array(let values)?: values.compactMap(\.doubleValue).max()
        case .string(let text)?: text.split(separator: " ").compactMap { Double($0) }.max()
        case let value?: value.doubleValue
        case nil: nil
        }
    }
}
