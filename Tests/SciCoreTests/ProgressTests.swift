import Foundation
import SciCore
import Synchronization
import Testing

@Suite("Progress")
struct ProgressTests {
    @Test("a bar shows count, total, rate and ETA, and redraws in place")
    func bar() {
        let frames = Mutex<[String]>([])
        let progress = TerminalProgress(width: 10) { text in frames.withLock { $0.append(text) } }
        progress.start(label: "map.fits", total: 4 << 20, unit: .bytes)
        progress.update(completed: 1 << 20, total: nil)
        progress.finish()
        let drawn = frames.withLock { $0 }
        #expect(drawn.count == 2)
        #expect(drawn[0].hasPrefix("\r\u{1B}[2Kmap.fits [##--------] 1.0 MiB/4.0 MiB ETA "))
        #expect(drawn[1].hasSuffix("/s\n"))
    }

    @Test("a total of Int64.max, a count past the total or below zero draw a bar, not a trap")
    func boundaryCounts() {
        func lastFrame(total: Int64, completed: Int64) -> String {
            let frames = Mutex<[String]>([])
            let progress = TerminalProgress(width: 10) { text in frames.withLock { $0.append(text) } }
            progress.start(label: "x", total: total, unit: .bytes)
            progress.update(completed: completed, total: nil)
            progress.finish()
            return frames.withLock { $0.last ?? "" }
        }
        #expect(!lastFrame(total: .max, completed: 1).contains("ETA"))  // about 10^16 seconds: not shown
        #expect(lastFrame(total: 10, completed: -5).contains("[----------]"))
        #expect(lastFrame(total: 10, completed: .max).contains("[##########]"))
    }

    @Test("no bar when standard error is not a terminal or --quiet is on")
    func silentWhenPiped() {
        #expect((TerminalProgress.make(quiet: false) is SilentProgress) == (isatty(STDERR_FILENO) == 0))
        #expect(TerminalProgress.make(quiet: true) is SilentProgress)
    }
}
