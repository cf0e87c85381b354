import AstroPipeline
import Foundation

/// One line per finished step on stderr: status, name, time and what went wrong.
enum StepLine {
    static func text(_ name: String, _ result: StepResult) -> String {
        let mark = result.upToDate ? "up to date" : result.status.rawValue
        var line = "\(name): \(mark)"
        if !result.upToDate { line += String(format: " (%.2f s)", result.elapsed) }
        if let message = result.message { line += " — \(message)" }
        if !result.warnings.isEmpty { line += " [\(result.warnings.count) warning\(result.warnings.count == 1 ? "" : "s")]" }
        return line
    }
}
