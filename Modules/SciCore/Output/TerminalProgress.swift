import Foundation
import Synchronization

/// A progress bar on standard error: count, total, rate and ETA, redrawn at most ten times a second.
/// `make(quiet:)` returns it only when stderr is a terminal, so pipes and logs never see control characters.
public final class TerminalProgress: ProgressReporter {
    private struct State {
        var label = ""
        var total: Int64?
        var unit = ProgressUnit.items
        var completed: Int64 = 0
        var started = Date()
        var lastDraw = Date.distantPast
    }

    private let state = Mutex(State())
    private let width: Int
    private let output: @Sendable (String) -> Void

    /// A bar `width` characters wide, drawn on standard error unless another output is given.
    public init(width: Int = 30, output: @escaping @Sendable (String) -> Void = TerminalProgress.standardError) {
        self.width = width
        self.output = output
    }

    /// Writes to standard error.
    public static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// The bar when stderr is a terminal and `quiet` is off; otherwise a silent reporter.
    public static func make(quiet: Bool) -> any ProgressReporter {
        quiet || isatty(STDERR_FILENO) == 0 ? SilentProgress() : TerminalProgress()
    }

    public func start(label: String, total: Int64?, unit: ProgressUnit) {
        state.withLock { $0 = State(label: label, total: total, unit: unit, started: Date()) }
    }

    public func update(completed: Int64, total: Int64?) {
        let line: String? = state.withLock { state in
            state.completed = completed
            if let total { state.total = total }
            let now = Date()
            guard now.timeIntervalSince(state.lastDraw) >= 0.1 else { return nil }
            state.lastDraw = now
            return render(state, now: now)
        }
        if let line { draw(line) }
    }

    public func finish() {
        let line = state.withLock { render($0, now: Date()) }
        draw(line + "\n")
    }

    private func render(_ state: State, now: Date) -> String {
        TerminalProgress.render(
            label: state.label, completed: state.completed, total: state.total, unit: state.unit, started: state.started,
            now: now, width: width)
    }

    /// One bar's text: label, bar, count and total, ETA, rate.
    static func render(
        label: String, completed: Int64, total: Int64?, unit: ProgressUnit, started: Date, now: Date, width: Int
    ) -> String {
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(completed) / elapsed
        var text = label.isEmpty ? "" : "\(label) "
        if let total, total > 0 {
            let fraction = min(1, Double(completed) / Double(total))
            let filled = Int(fraction * Double(width))
            text += "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            text += "\(format(completed, unit))/\(format(total, unit))"
            if rate > 0, completed < total {
                text += " ETA \(Int((Double(total - completed) / rate).rounded()))s"
            }
        } else {
            text += format(completed, unit)
        }
        text += " \(format(Int64(rate), unit))/s"
        return text
    }

    private static func format(_ count: Int64, _ unit: ProgressUnit) -> String {
        guard unit == .bytes else { return String(count) }
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var index = 0
        while value >= 1024, index < units.count - 1 {
            value /= 1024
            index += 1
        }
        return index == 0 ? "\(count) B" : String(format: "%.1f", value) + " " + units[index]
    }

    private func draw(_ line: String) {
        // Return to the line's start and clear it, so each frame replaces the last.
        output("\r\u{1B}[2K" + line)
    }
}
