import Foundation
import SciCore
import Synchronization
internal import CCurl

/// One attempt of one request: a libcurl easy handle, its callbacks, and where its bytes come from and go.
/// Configured on the caller's task, then owned by the driver thread until it resumes `continuation` exactly once.
final class CurlTransfer: @unchecked Sendable {
    // Unchecked: the mutable state below is touched by the driver thread only, between submission and completion;
    // `cancelled` is the one field shared across threads, and it is atomic.

    /// Where the request body comes from.
    enum Source {
        case none
        case memory(Data)
        case file(fd: Int32, offset: Int64, length: Int64)
    }

    /// Where the response body goes.
    enum Destination {
        case memory(limit: Int)
        case file(FileSink)
    }

    let easy: UnsafeMutableRawPointer
    let url: String
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private let destination: Destination
    private let source: Source
    private let progress: (@Sendable (_ completed: Int64, _ total: Int64?) -> Void)?

    private var status = 0
    private var headers = HTTPHeaders()
    private var body = Data()
    private var bodyTooLarge = false
    private var sawBody = false
    private var uploaded: Int64 = 0
    private let resumeFrom: Int64

    let cancelled = Atomic<Bool>(false)
    var continuation: CheckedContinuation<TransferOutcome, Never>?

    /// Largest error body kept for messages.
    private static let errorExcerptLimit = 64 << 10

    init(
        request: HTTPRequest, configuration: HTTPClientConfiguration, source: Source, destination: Destination,
        resumeFrom: Int64 = 0, progress: (@Sendable (_ completed: Int64, _ total: Int64?) -> Void)? = nil
    ) throws {
        precondition(CurlGlobal.initialised, "libcurl failed to initialise")
        guard let easy = curl_easy_init() else { throw HTTPError.transport(curlCode: 2, message: "libcurl could not start", url: request.url) }
        self.easy = easy
        self.url = request.url
        self.source = source
        self.destination = destination
        self.resumeFrom = resumeFrom
        self.progress = progress
        errorBuffer.initialize(to: 0)
        try configure(request, configuration)
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    private func configure(_ request: HTTPRequest, _ configuration: HTTPClientConfiguration) throws {
        let me = Unmanaged.passUnretained(self).toOpaque()
        guard sci_curl_setopt_str(easy, CURLOPT_URL, request.url) == CURLE_OK else { throw HTTPError.invalidURL(request.url) }
        sci_curl_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        sci_curl_setopt_str(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        sci_curl_setopt_str(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        sci_curl_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 1)
        sci_curl_setopt_long(easy, CURLOPT_MAXREDIRS, 10)
        sci_curl_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1)
        sci_curl_setopt_ptr(easy, CURLOPT_ERRORBUFFER, errorBuffer)
        sci_curl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.milliseconds)
        sci_curl_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, 1)
        sci_curl_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, max(1, configuration.stallTimeout.milliseconds / 1000))
        if let caBundle = configuration.caBundle { sci_curl_setopt_str(easy, CURLOPT_CAINFO, caBundle) }

        var headers = configuration.headers
        for (name, value) in request.headers { headers[name] = value }
        // curl would otherwise wait up to a second for `100 Continue` before sending a body.
        headers["Expect"] = ""
        if resumeFrom > 0 { headers["Range"] = "bytes=\(resumeFrom)-" }
        for (name, value) in headers {
            headerList = curl_slist_append(headerList, value.isEmpty ? "\(name):" : "\(name): \(value)")
        }
        sci_curl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)

        switch destination {
        case .memory:
            // No total limit unless one is asked for: a body still arriving, however slowly, is never cut off;
            // the low-speed limit above abandons a transfer that has stopped.
            if let timeout = request.timeout ?? configuration.requestTimeout {
                sci_curl_setopt_long(easy, CURLOPT_TIMEOUT_MS, timeout.milliseconds)
            }
            sci_curl_setopt_str(easy, CURLOPT_ACCEPT_ENCODING, "")
        case .file:
            // Large reads mean fewer callbacks, hash updates and write(2) calls per gigabyte.
            sci_curl_setopt_long(easy, CURLOPT_BUFFERSIZE, 512 << 10)
            if let timeout = request.timeout { sci_curl_setopt_long(easy, CURLOPT_TIMEOUT_MS, timeout.milliseconds) }
        }

        switch (request.method, source) {
        case (.get, .none): sci_curl_setopt_long(easy, CURLOPT_HTTPGET, 1)
        case (.head, _): sci_curl_setopt_long(easy, CURLOPT_NOBODY, 1)
        case (_, .file(_, _, let length)):
            sci_curl_setopt_long(easy, CURLOPT_UPLOAD, 1)
            sci_curl_setopt_long(easy, CURLOPT_UPLOAD_BUFFERSIZE, 512 << 10)
            sci_curl_setopt_off(easy, CURLOPT_INFILESIZE_LARGE, curl_off_t(length))
            if request.method != .put { sci_curl_setopt_str(easy, CURLOPT_CUSTOMREQUEST, request.method.rawValue) }
            sci_curl_setopt_ptr(easy, CURLOPT_READDATA, me)
            sci_curl_setopt_data_cb(easy, CURLOPT_READFUNCTION) { buffer, size, count, context in
                Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue().send(into: buffer!, capacity: size * count)
            }
        case (_, .memory(let data)):
            if request.method == .post {
                sci_curl_setopt_long(easy, CURLOPT_POST, 1)
            } else {
                sci_curl_setopt_str(easy, CURLOPT_CUSTOMREQUEST, request.method.rawValue)
            }
            sci_curl_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(data.count))
            data.withUnsafeBytes { bytes in
                // COPYPOSTFIELDS copies, so the body need not outlive this call.
                _ = sci_curl_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(errorBuffer)))
            }
        case (.post, .none):
            sci_curl_setopt_long(easy, CURLOPT_POST, 1)
            sci_curl_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, 0)
            sci_curl_setopt_str(easy, CURLOPT_COPYPOSTFIELDS, "")
        case (_, .none):
            sci_curl_setopt_str(easy, CURLOPT_CUSTOMREQUEST, request.method.rawValue)
        }

        sci_curl_setopt_ptr(easy, CURLOPT_WRITEDATA, me)
        sci_curl_setopt_data_cb(easy, CURLOPT_WRITEFUNCTION) { buffer, size, count, context in
            let bytes = UnsafeRawBufferPointer(start: buffer, count: size * count)
            return Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue().receive(bytes)
        }
        sci_curl_setopt_ptr(easy, CURLOPT_HEADERDATA, me)
        sci_curl_setopt_data_cb(easy, CURLOPT_HEADERFUNCTION) { buffer, size, count, context in
            let bytes = UnsafeRawBufferPointer(start: buffer, count: size * count)
            return Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue().header(bytes)
        }
        sci_curl_setopt_long(easy, CURLOPT_NOPROGRESS, 0)
        sci_curl_setopt_ptr(easy, CURLOPT_XFERINFODATA, me)
        sci_curl_setopt_xferinfo_cb(easy) { context, downloadTotal, downloaded, uploadTotal, uploaded in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            // A non-zero answer makes libcurl abort the transfer: that is how task cancellation reaches it.
            if transfer.cancelled.load(ordering: .relaxed) { return 1 }
            if let progress = transfer.progress {
                if case .file = transfer.source {
                    progress(Int64(uploaded), uploadTotal > 0 ? Int64(uploadTotal) : nil)
                } else {
                    let offset = transfer.resumeFrom
                    progress(offset + Int64(downloaded), downloadTotal > 0 ? offset + Int64(downloadTotal) : nil)
                }
            }
            return 0
        }
    }

    // MARK: Callbacks (driver thread)

    private func header(_ bytes: UnsafeRawBufferPointer) -> Int {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            // A new status line starts a new response (after a redirect, a 100 Continue or a proxy's CONNECT).
            let parts = line.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            headers = HTTPHeaders()
        } else if let colon = line.firstIndex(of: ":") {
            headers.add(String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return bytes.count
    }

    private func receive(_ bytes: UnsafeRawBufferPointer) -> Int {
        let successful = (200..<300).contains(status)
        switch destination {
        case .file(let sink) where successful:
            if !sawBody {
                sawBody = true
                // We asked for the rest but the server sends all of it: start the file over.
                if resumeFrom > 0 && status != 206 { sink.restart() }
            }
            return sink.append(bytes) ? bytes.count : 0
        case .memory(let limit) where successful:
            if body.count + bytes.count > limit {
                bodyTooLarge = true
                return 0
            }
            if body.isEmpty, let length = headers["Content-Length"].flatMap(Int.init), length <= limit {
                // Room for the whole body at once: growing a buffer of hundreds of megabytes step by step copies it
                // over and over and faults in fresh pages each time.
                body.reserveCapacity(length)
            }
            body.append(contentsOf: bytes)
        default:
            if body.count < Self.errorExcerptLimit { body.append(contentsOf: bytes.prefix(Self.errorExcerptLimit - body.count)) }
        }
        return bytes.count
    }

    private func send(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        guard case .file(let fd, let offset, let length) = source else { return 0 }
        let want = Int(min(Int64(capacity), length - uploaded))
        guard want > 0 else { return 0 }
        while true {
            let count = pread(fd, buffer, want, off_t(offset + uploaded))
            if count < 0 && errno == EINTR { continue }
            // CURL_READFUNC_ABORT: a read error must not be mistaken for the end of the body.
            guard count > 0 else { return 0x1000_0000 }
            uploaded += Int64(count)
            return count
        }
    }

    /// Called by the driver when libcurl is done with this attempt.
    func finish(code: CURLcode) {
        var message = String(cString: errorBuffer)
        if message.isEmpty && code != CURLE_OK { message = String(cString: curl_easy_strerror(code)) }
        var result = Int(code.rawValue)
        if bodyTooLarge {
            result = Int(CURLE_FILESIZE_EXCEEDED.rawValue)
            message = "the answer is larger than the in-memory limit"
        } else if case .file(let sink) = destination, sink.exceededLimit, let limit = sink.limit {
            result = Int(CURLE_FILESIZE_EXCEEDED.rawValue)
            message = "the server sent more than the \(limit) bytes the file should have"
        } else if case .file(let sink) = destination, let error = sink.writeError {
            message = error.sciError.message
        }
        var effective: UnsafeMutablePointer<CChar>?
        sci_curl_getinfo_str(easy, CURLINFO_EFFECTIVE_URL, &effective)
        let outcome = TransferOutcome(
            curlCode: result, message: message, status: status, headers: headers, body: body,
            url: effective.map { String(cString: $0) } ?? url)
        let continuation = self.continuation
        self.continuation = nil
        continuation?.resume(returning: outcome)
    }
}

extension Duration {
    /// Whole milliseconds, as libcurl's `_MS` options take them.
    var milliseconds: Int {
        Int(components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}
