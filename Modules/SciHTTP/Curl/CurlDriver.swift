import Foundation
import Synchronization
internal import CCurl

/// The one thread that runs libcurl's multi interface for a client: it adds submitted transfers, drives all of them
/// together (connection reuse, HTTP/2 multiplexing), and resumes each transfer's continuation when it ends.
final class CurlDriver: @unchecked Sendable {
    // Unchecked: `multi` is used only on the driver thread, except `curl_multi_wakeup`, which libcurl makes thread-safe.
    private let multi: UnsafeMutableRawPointer
    private let pending = Mutex<[CurlTransfer]>([])
    private let stopping = Atomic<Bool>(false)

    init() {
        precondition(CurlGlobal.initialised, "libcurl failed to initialise")
        multi = curl_multi_init()
        sci_curl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        let thread = Thread { [self] in run() }
        thread.name = "sci.http.curl"
        thread.start()
    }

    /// Hands a configured transfer to the driver thread.
    func submit(_ transfer: CurlTransfer) {
        pending.withLock { $0.append(transfer) }
        curl_multi_wakeup(multi)
    }

    /// Makes the driver look at its transfers now, for example after one was cancelled.
    func wake() { curl_multi_wakeup(multi) }

    /// Ends the thread once the client is gone; transfers still running end with an error.
    func shutdown() {
        stopping.store(true, ordering: .releasing)
        curl_multi_wakeup(multi)
    }

    private func run() {
        var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
        while true {
            for transfer in pending.withLock({ queue in defer { queue.removeAll() }; return queue }) {
                curl_multi_add_handle(multi, transfer.easy)
                active[transfer.easy] = transfer
            }
            if stopping.load(ordering: .acquiring) {
                for transfer in active.values {
                    curl_multi_remove_handle(multi, transfer.easy)
                    transfer.finish(code: CURLE_ABORTED_BY_CALLBACK)
                }
                curl_multi_cleanup(multi)
                return
            }
            // Cancelled transfers that libcurl has not yet polled (e.g. still connecting) end here.
            for (easy, transfer) in active where transfer.cancelled.load(ordering: .relaxed) {
                curl_multi_remove_handle(multi, easy)
                active[easy] = nil
                transfer.finish(code: CURLE_ABORTED_BY_CALLBACK)
            }
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                let code = sci_curl_msg_result(message)
                curl_multi_remove_handle(multi, easy)
                active.removeValue(forKey: easy)?.finish(code: code)
            }
            // Sleeps until a socket is ready, a transfer is submitted (wakeup), or a timer is due.
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }
}
