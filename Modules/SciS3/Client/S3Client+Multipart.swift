import Foundation
import SciCore
import SciHTTP

extension S3Client {
    /// The part size for an object of `size` bytes: the configured one, raised so there are at most 10,000 parts
    /// (S3's limit), in whole MiB. The size may come from the store (`Content-Length`, a listing's `Size`), so the
    /// ceiling is taken without `size + 9_999`, which overflows for a size near Int64.max.
    static func partSize(for size: Int64, configured: Int64) -> Int64 {
        let mib: Int64 = 1 << 20
        let least = size / 10_000 + (size % 10_000 > 0 ? 1 : 0)
        return max(configured, (least + mib - 1) / mib * mib, 5 * mib)
    }

    /// The byte ranges of the parts; the last ends at `size` without computing `start + partSize` past Int64.max.
    static func partRanges(size: Int64, partSize: Int64) -> [Range<Int64>] {
        stride(from: Int64(0), to: max(size, 1), by: Int(partSize)).map { $0..<($0 + min(partSize, size - $0)) }
    }

    /// A multipart upload: parts sent `parallelParts` at a time, each checked by `Content-MD5` and its ETag, then
    /// completed and the object's ETag checked. Any failure aborts the upload, so no parts are left to bill.
    func uploadInParts(file path: String, size: Int64, to location: S3Location, ifAbsent: Bool = false) async throws -> S3Object {
        let ranges = Self.partRanges(size: size, partSize: Self.partSize(for: size, configured: configuration.partSize))
        let uploadId = try await startMultipartUpload(location)
        do {
            let digests = try await uploadParts(path, ranges: ranges, uploadId: uploadId, location: location)
            let etag = try await completeMultipartUpload(
                location, uploadId: uploadId, parts: digests.enumerated().map { (number: $0.offset + 1, etag: $0.element.md5Hex) },
                ifAbsent: ifAbsent)
            let expected = PartDigest.multipartETag(digests)
            if !etag.isEmpty, etag != expected, etag.contains("-") {
                try? await delete(location)
                throw S3Error.checksumMismatch(resource: location.description, expected: expected, actual: etag)
            }
            return S3Object(key: location.key, size: size, etag: expected)
        } catch {
            try? await abortMultipartUpload(location, uploadId: uploadId)
            throw S3Error.from(error, resource: location.description)
        }
    }

    /// Sends the parts, at most `parallelParts` at once; returns their digests in part order.
    private func uploadParts(_ path: String, ranges: [Range<Int64>], uploadId: String, location: S3Location) async throws -> [PartDigest] {
        try await withThrowingTaskGroup(of: (Int, PartDigest).self) { group in
            var digests = [PartDigest?](repeating: nil, count: ranges.count)
            var next = 0
            func startNext() {
                let index = next
                next += 1
                group.addTask {
                    let digest = try PartDigest(file: path, range: ranges[index], sha256: self.signsPayloads)
                    var request = HTTPRequest(
                        .put, self.url(location, query: [("partNumber", String(index + 1)), ("uploadId", uploadId)]))
                    request.headers["Content-MD5"] = digest.md5Base64
                    request.headers["x-amz-content-sha256"] = digest.sha256
                    let response = try await self.http.upload(file: path, range: ranges[index], to: request)
                    let etag = S3Client.unquoted(response.headers["ETag"] ?? "")
                    if S3Client.isPlainMD5(etag), etag != digest.md5Hex {
                        throw S3Error.checksumMismatch(
                            resource: "\(location) part \(index + 1)", expected: digest.md5Hex, actual: etag)
                    }
                    return (index, digest)
                }
            }
            while next < min(ranges.count, max(1, configuration.parallelParts)) { startNext() }
            while let (index, digest) = try await group.next() {
                digests[index] = digest
                if next < ranges.count { startNext() }
            }
            let done = digests.compactMap { $0 }
            guard done.count == ranges.count else {
                throw S3Error.unexpectedAnswer("\(ranges.count - done.count) parts did not finish", resource: location.description)
            }
            return done
        }
    }

    /// Starts a multipart upload and returns its id. Parts go up with `presignedURL(.put, location, query:
    /// [("uploadId", id), ("partNumber", "N")])` (clients upload straight to the store) or through this client.
    public func startMultipartUpload(_ location: S3Location) async throws -> String {
        var start = HTTPRequest(.post, url(location, query: [("uploads", "")]))
        // Starting an upload twice only leaves an upload that an abort (or a bucket lifecycle rule) removes.
        start.retryEvenIfNotIdempotent = true
        do {
            let body = Substring(try await http.send(start).text)
            guard let id = S3XML.value("UploadId", in: body) else {
                throw S3Error.unexpectedAnswer("no UploadId in the answer to CreateMultipartUpload", resource: location.description)
            }
            return id
        } catch {
            throw S3Error.from(error, resource: location.description)
        }
    }

    /// Completes a multipart upload from its parts' numbers and ETags (as the part uploads answered them); returns
    /// the object's ETag, `MD5-N`.
    /// With `ifAbsent`, an object already at `location` is kept and the completion fails with `PreconditionFailed`.
    public func completeMultipartUpload(
        _ location: S3Location, uploadId: String, parts: [(number: Int, etag: String)], ifAbsent: Bool = false
    ) async throws -> String {
        var body = "<CompleteMultipartUpload>"
        for part in parts.sorted(by: { $0.number < $1.number }) {
            body += "<Part><PartNumber>\(part.number)</PartNumber><ETag>\"\(S3XML.escape(S3Client.unquoted(part.etag)))\"</ETag></Part>"
        }
        body += "</CompleteMultipartUpload>"
        var complete = HTTPRequest(.post, url(location, query: [("uploadId", uploadId)]), body: Data(body.utf8))
        complete.headers["Content-Type"] = "application/xml"
        if ifAbsent { complete.headers["If-None-Match"] = "*" }
        // Completing an upload that is already complete gives the same object.
        complete.retryEvenIfNotIdempotent = true
        let answer: Substring
        do { answer = Substring(try await http.send(complete).text) } catch {
            throw S3Error.from(error, resource: location.description)
        }
        // S3 may answer 200 with an error in the body when completion fails late.
        if let code = S3XML.value("Code", in: answer) {
            throw S3Error.service(code: code, message: S3XML.value("Message", in: answer) ?? "", status: 200, resource: location.description)
        }
        return S3Client.unquoted(S3XML.value("ETag", in: answer) ?? "")
    }

    /// Abandons a multipart upload and the parts already sent.
    public func abortMultipartUpload(_ location: S3Location, uploadId: String) async throws {
        do { _ = try await http.send(HTTPRequest(.delete, url(location, query: [("uploadId", uploadId)]))) } catch {
            throw S3Error.from(error, resource: location.description)
        }
    }

    /// The multipart uploads started and neither completed nor aborted under `prefix` (key and upload id), to abort
    /// those a killed process left behind.
    public func multipartUploads(_ prefix: S3Location) async throws -> [(key: String, uploadId: String)] {
        var found: [(key: String, uploadId: String)] = []
        var marker: (key: String, id: String)?
        let bucket = S3Location(bucket: prefix.bucket, key: "")
        repeat {
            var query: [(name: String, value: String)] = [("uploads", "")]
            if !prefix.key.isEmpty { query.append(("prefix", prefix.key)) }
            if let marker { query += [("key-marker", marker.key), ("upload-id-marker", marker.id)] }
            let body: Substring
            do { body = Substring(try await http.send(HTTPRequest(.get, url(bucket, query: query))).text) } catch {
                throw S3Error.from(error, resource: prefix.description)
            }
            for entry in S3XML.elements("Upload", in: body) {
                guard let key = S3XML.value("Key", in: entry), let id = S3XML.value("UploadId", in: entry) else { continue }
                found.append((key, id))
            }
            marker = nil
            if S3XML.value("IsTruncated", in: body) == "true", let key = S3XML.value("NextKeyMarker", in: body),
                let id = S3XML.value("NextUploadIdMarker", in: body)
            {
                marker = (key, id)
            }
        } while marker != nil
        return found
    }
}
