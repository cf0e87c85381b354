import Foundation
public import SciCore

extension HTTPClient {
    /// Streams a response body to a file in constant memory, computing its XXH64 on the fly.
    ///
    /// Bytes arrive in `PATH.part`; an interrupted download (a cut connection, a killed process) resumes from what is
    /// there with a `Range` request, and a server that ignores the range restarts the file. The file appears at `path`
    /// only once complete and, when `expected` is given, only if its checksum matches; a mismatch discards it.
    /// `durable` syncs the bytes to disk before the file appears; it costs the disk's write time (seconds per
    /// gigabyte), so it is off by default: callers that keep checksums verify a file before use instead.
    /// `expectedSize` bounds what is written: a server that sends more is cut off with an error.
    public func download(
        _ request: HTTPRequest, to path: String, expected: Checksum? = nil, expectedSize: Int64? = nil, durable: Bool = false,
        progress: (any ProgressReporter)? = nil
    ) async throws -> DownloadResult {
        let partial = path + ".part"
        let sink = try FileSink(path: partial, limit: expectedSize)
        let resumedFrom = sink.size
        progress?.start(label: URL(fileURLWithPath: path).lastPathComponent, total: nil, unit: .bytes)
        let report = HTTPClient.reporter(progress)
        func attempt() async throws {
            _ = try await perform(request, retryAlways: request.method == .get) { request in
                try CurlTransfer(
                    request: request, configuration: self.configuration, source: .none, destination: .file(sink),
                    resumeFrom: sink.size, progress: report)
            }
        }
        do {
            do {
                try await attempt()
            } catch HTTPError.status(416, _, _) where sink.size > 0 {
                // Nothing lies past what we hold. When that is the whole file (a run killed between the last byte and
                // the rename), its checksum says so and it is done; otherwise the server's copy changed: fetch it whole.
                if expected == nil || sink.checksum != expected {
                    sink.restart()
                    try await attempt()
                }
            }
        } catch {
            // Bytes already received stay for the next run to resume from; an empty partial file is only litter.
            if sink.size == 0 { unlink(partial) }
            throw error
        }
        progress?.finish()
        if durable { try sink.sync() }
        let checksum = sink.checksum
        if let expected, expected != checksum {
            unlink(partial)
            throw HTTPError.checksumMismatch(expected: expected, actual: checksum, url: request.url)
        }
        try AtomicFile.publish(partial, as: path)
        return DownloadResult(path: path, size: sink.size, checksum: checksum, resumedFrom: resumedFrom)
    }

    /// Reads a response body once through XXH64 and keeps none of it: its size and checksum, for a caller that
    /// checks what a URL holds (a server verifying an upload it never carried). Nothing touches the disk; an
    /// interrupted read resumes with a `Range` request, the hash continuing where it stopped. `expectedSize`
    /// bounds what is read: a server that sends more is cut off with an error.
    public func checksum(of request: HTTPRequest, expectedSize: Int64? = nil) async throws -> (size: Int64, checksum: Checksum) {
        let sink = FileSink(discardingUpTo: expectedSize)
        _ = try await perform(request, retryAlways: request.method == .get) { request in
            try CurlTransfer(
                request: request, configuration: self.configuration, source: .none, destination: .file(sink), resumeFrom: sink.size)
        }
        return (sink.size, sink.checksum)
    }

    /// Streams a file (or a byte range of it, for multipart uploads) as a request body; PUT unless the request says otherwise.
    public func upload(
        file path: String, range: Range<Int64>? = nil, to request: HTTPRequest, progress: (any ProgressReporter)? = nil
    ) async throws -> HTTPResponse {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError.cannotOpen(path, errno: errno) }
        defer { close(fd) }
        let size = FileDescriptor.size(of: path) ?? 0
        let range = range ?? 0..<size
        guard range.lowerBound >= 0, range.upperBound <= size else {
            throw SciError("byte range \(range) is outside \(path), which has \(size) bytes")
        }
        var request = request
        if request.method == .get { request.method = .put }
        progress?.start(label: URL(fileURLWithPath: path).lastPathComponent, total: Int64(range.count), unit: .bytes)
        let report = HTTPClient.reporter(progress)
        let outcome = try await perform(request) { request in
            try CurlTransfer(
                request: request, configuration: self.configuration,
                source: .file(fd: fd, offset: range.lowerBound, length: Int64(range.count)),
                destination: .memory(limit: self.configuration.maxBodySize), progress: report)
        }
        progress?.finish()
        return HTTPResponse(status: outcome.status, headers: outcome.headers, body: outcome.body, url: outcome.url)
    }

    /// The transfer callback that feeds a progress reporter.
    private static func reporter(_ progress: (any ProgressReporter)?) -> (@Sendable (Int64, Int64?) -> Void)? {
        guard let progress else { return nil }
        return { completed, total in progress.update(completed: completed, total: total) }
    }
}
