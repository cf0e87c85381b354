import Foundation
import Synchronization

/// A progress bar on standard error: count, total, rate and ETA, redrawn at most ten times a second.
/// `make(quiet:)` returns it only when stderr is a terminal, so pipes and logs never see control characters.
public final class TerminalProgress: ProgressReporter {
    private struct State {
        var line = ProgressLine(unit: .items)
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

    /// Begins a new bar.
    public func start(label: String, total: Int64?, unit: ProgressUnit) {
        state.withLock { $0 = State(line: ProgressLine(label: label, total: total, unit: unit)) }
    }

    /// Moves the bar, redrawing at most ten times a second.
    public func update(completed: Int64, total: Int64?) {
        let line: String? = state.withLock { state in
            state.line.completed = completed
            if let total { state.line.total = total }
            let now = Date()
            guard now.timeIntervalSince(state.lastDraw) >= 0.1 else { return nil }
            state.lastDraw = now
            return render(state, now: now)
        }
        if let line { draw(line) }
    }

    /// Draws the bar a last time and ends its line.
    public func finish() {
        let line = state.withLock { render($0, now: Date()) }
        draw(line + "\n")
    }

    private func render(_ state: State, now: Date) -> String { state.line.render(now: now, width: width) }

    private func draw(_ line: String) {
        // Return to the line's start and clear it, so each frame replaces the last.
        output("\r\u{1B}[2K" + line)
    }
}
