import Foundation
import Synchronization

/// Progress bars for work running side by side (files uploading in parallel): one line per running item, redrawn
/// in place at most ten times a second. A finished item that ran half a second or more leaves its last line above
/// the board; quicker ones just vanish, so a push of a thousand small files shows only the ones in flight.
/// Only for terminals; `reporters(quiet:)` chooses.
public final class ProgressBoard: Sendable {
    private struct State {
        var lines: [Int: ProgressLine] = [:]
        var nextID = 0
        var drawnLines = 0
        var lastDraw = Date.distantPast
    }

    private let state = Mutex(State())
    private let width: Int
    private let output: @Sendable (String) -> Void

    /// A board drawn on standard error unless another output is given.
    public init(width: Int = 30, output: @escaping @Sendable (String) -> Void = TerminalProgress.standardError) {
        self.width = width
        self.output = output
    }

    /// A maker of one reporter per item: lines of one board on a terminal, silent reporters otherwise or when quiet.
    public static func reporters(quiet: Bool) -> @Sendable () -> any ProgressReporter {
        guard !quiet, isatty(STDERR_FILENO) != 0 else { return { SilentProgress() } }
        let board = ProgressBoard()
        return { board.reporter() }
    }

    /// A reporter drawing one line of this board.
    public func reporter() -> any ProgressReporter {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        return BoardLine(board: self, id: id)
    }

    fileprivate func start(_ id: Int, label: String, total: Int64?, unit: ProgressUnit) {
        redraw(force: true) { $0.lines[id] = ProgressLine(label: label, total: total, unit: unit) }
    }

    fileprivate func update(_ id: Int, completed: Int64, total: Int64?) {
        redraw(force: false) { state in
            state.lines[id]?.completed = completed
            if let total { state.lines[id]?.total = total }
        }
    }

    fileprivate func finish(_ id: Int) {
        redraw(force: true, summary: id) { _ in }
    }

    /// Applies a change and, if due, redraws: cursor up over the old lines, then every running line.
    private func redraw(force: Bool, summary finished: Int? = nil, _ change: (inout State) -> Void) {
        let text: String? = state.withLock { state in
            change(&state)
            let now = Date()
            guard force || now.timeIntervalSince(state.lastDraw) >= 0.1 else { return nil }
            state.lastDraw = now
            var text = state.drawnLines > 0 ? "\u{1B}[\(state.drawnLines)A" : ""
            if let finished, let line = state.lines.removeValue(forKey: finished), now.timeIntervalSince(line.started) >= 0.5 {
                text += "\r\u{1B}[2K" + render(line, now: now) + "\n"
            }
            for id in state.lines.keys.sorted() {
                text += "\r\u{1B}[2K" + render(state.lines[id]!, now: now) + "\n"
            }
            // Clear what is left below from lines that have gone.
            text += "\u{1B}[J"
            state.drawnLines = state.lines.count
            return text
        }
        if let text { output(text) }
    }

    private func render(_ line: ProgressLine, now: Date) -> String { line.render(now: now, width: width) }
}

/// One item's line on a board.
private struct BoardLine: ProgressReporter {
    let board: ProgressBoard
    let id: Int
    func start(label: String, total: Int64?, unit: ProgressUnit) { board.start(id, label: label, total: total, unit: unit) }
    func update(completed: Int64, total: Int64?) { board.update(id, completed: completed, total: total) }
    func finish() { board.finish(id) }
}
