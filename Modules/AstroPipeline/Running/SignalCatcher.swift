internal import CChildProcess
import Foundation
import Synchronization

/// Catches termination signals while a pipeline runs and hands them to Swift code on a thread of its own (the
/// signal handler itself only writes a byte to a pipe), e.g. to `Interruption.interrupt(_:)`.
public final class SignalCatcher: Sendable {
    private static let handlers = Mutex<[UInt64: @Sendable (Int32) -> Void]>([:])
    private static let reader = Mutex<Bool>(false)
    private let id = UInt64.random(in: 0...UInt64.max)
    private let signals: [Int32]

    /// Catches `signals` until `stop()`, calling `handler` with each one.
    public init(_ signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) {
        self.signals = signals
        Self.handlers.withLock { $0[id] = handler }
        let descriptor = signals.withUnsafeBufferPointer { sci_catch_signals($0.baseAddress, Int32($0.count)) }
        guard descriptor >= 0 else { return }
        Self.reader.withLock { started in
            guard !started else { return }
            started = true
            let thread = Thread {
                var byte: UInt8 = 0
                while true {
                    let got = read(descriptor, &byte, 1)
                    if got < 0, errno == EINTR { continue }
                    guard got == 1 else { return }
                    for handler in Self.handlers.withLock({ Array($0.values) }) { handler(Int32(byte)) }
                }
            }
            thread.name = "sci-pipeline-signals"
            thread.start()
        }
    }

    /// Gives the signals their default action back.
    public func stop() {
        let remaining = Self.handlers.withLock { handlers in
            handlers[id] = nil
            return handlers.count
        }
        if remaining == 0 { signals.withUnsafeBufferPointer { sci_release_signals($0.baseAddress, Int32($0.count)) } }
    }
}
