import Foundation
import SciCore

/// The identity of a step's work for make-like up-to-date checks: program version, command and the content of
/// every input (xxh64), never timestamps.
enum Fingerprint {
    /// Nil when an input is missing: the step must run (and will report it).
    static func of(_ step: Step, run: AstromaticRun?, version: String?, context: StepContext, hashes: inout FileHashes) -> String? {
        var bytes: [UInt8] = []
        func add(_ text: String) { bytes += Array(text.utf8) + [0] }
        var inputs = step.inputs
        if let run {
            add(run.tool.rawValue)
            add(version ?? "")
            run.arguments(report: "").forEach(add)
            run.parameters.forEach(add)
            inputs += run.impliedInputs
            // SExtractor and SWarp silently read IMAGE.head beside an image: it is an input too.
            if run.tool == .sextractor || run.tool == .swarp {
                for image in run.files.map(AstromaticRun.withoutFrame) {
                    let head = AstromaticRun.replacingExtension(of: image, with: ".head")
                    if FileManager.default.fileExists(atPath: context.resolve(head)) { inputs.append(head) }
                }
            }
        } else if case .custom(let custom) = step.action, let identity = custom.identity, !step.inputs.isEmpty {
            add(identity)
        } else {
            return nil
        }
        for input in inputs {
            add(input)
            guard let sum = hashes.checksum(of: context.resolve(input)) else { return nil }
            add(sum)
        }
        return Checksum.xxh64(of: bytes).description
    }
}
