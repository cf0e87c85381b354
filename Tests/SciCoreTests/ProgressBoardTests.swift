import Foundation
import SciCore
import Synchronization
import Testing

@Suite struct ProgressBoardTests {
    @Test func drawsOneLinePerRunningItemAndRedrawsInPlace() throws {
        let written = Mutex([String]())
        let board = ProgressBoard(width: 10) { text in written.withLock { $0.append(text) } }
        let a = board.reporter()
        let b = board.reporter()
        a.start(label: "a.fits", total: 100, unit: .bytes)
        b.start(label: "b.fits", total: 200, unit: .bytes)
        let frames = written.withLock { $0 }
        // The second frame goes back up over the first one's single line and draws both.
        #expect(frames.count == 2)
        #expect(frames[1].hasPrefix("\u{1B}[1A"))
        #expect(frames[1].contains("a.fits [") && frames[1].contains("b.fits ["))
        a.finish()
        // A quick item vanishes: the last frame shows only b, over the two lines drawn before.
        let last = try #require(written.withLock { $0.last })
        #expect(last.hasPrefix("\u{1B}[2A") && !last.contains("a.fits") && last.contains("b.fits"))
    }
}
