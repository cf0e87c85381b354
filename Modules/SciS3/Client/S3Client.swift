public import Foundation
public import SciCore
public import SciHTTP

/// A client for an S3-compatible object store (AWS S3, MinIO, Ceph, moto): objects put, got, listed and deleted with
/// Signature V4, large files in parallel parts, every transfer's checksum verified, and presigned URLs. Safe to
/// share across tasks; it holds one `HTTPClient`, so connections are reused.
public final class S3Client: Sendable {
    /// The store and the key.
    public let configuration: S3Configuration
    let http: HTTPClient
    let signer: SignatureV4

    /// A client for a store; `timeout` bounds connecting and a stalled transfer.
    public init(configuration: S3Configuration, timeout: Duration = .seconds(60)) {
        self.configuration = configuration
        signer = SignatureV4(credentials: configuration.credentials, region: configuration.region)
        var http = HTTPClientConfiguration(timeout: timeout)
        http.retry = configuration.retry
        http.authenticator = S3Authenticator(signer: signer)
        self.http = HTTPClient(configuration: http)
    }

    /// The URL of an object (or of its bucket when the key is empty), with query pairs in the order given.
    public func url(_ location: S3Location, query: [(name: String, value: String)] = []) -> String {
        var url = configuration.endpoint + "/" + URIEncoding.encode(location.bucket)
        if !location.key.isEmpty { url += "/" + URIEncoding.encode(location.key, keepSlash: true) }
        if !query.isEmpty {
            url += "?" + query.map { $0.value.isEmpty && $0.name == "uploads" ? $0.name : "\(URIEncoding.encode($0.name))=\(URIEncoding.encode($0.value))" }
                .joined(separator: "&")
        }
        return url
    }

    /// A presigned URL: whoever holds it may `method` the object (`query` adds `uploadId`/`partNumber` for a part,
    /// `response-content-disposition` for a download's file name) for `expires` seconds from `date`, with no key.
    /// Equal to boto3's `generate_presigned_url` for the same inputs.
    /// `headers` are signed into the URL (`If-None-Match: *` makes a PUT that can only create the object, never
    /// replace it); whoever uses the URL must send them.
    public func presignedURL(
        _ method: HTTPMethod, _ location: S3Location, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], expires: Int = 3600, date: Date = Date()
    ) throws -> String {
        // S3 accepts one second to seven days.
        guard (1...604_800).contains(expires) else { throw SciError("a presigned URL lasts 1 to 604800 seconds, not \(expires)") }
        return signer.presign(method: method.rawValue, url: url(location, query: query), headers: headers, expires: expires, date: date)
    }

    // MARK: Buckets

    /// Makes a bucket; one that this key already owns is fine.
    public func createBucket(_ bucket: String) async throws {
        let location = S3Location(bucket: bucket, key: "")
        do {
            var request = HTTPRequest(.put, url(location))
            if configuration.region != "us-east-1" {
                request.body = Data(
                    "<CreateBucketConfiguration><LocationConstraint>\(configuration.region)</LocationConstraint></CreateBucketConfiguration>".utf8)
            }
            _ = try await http.send(request)
        } catch {
            let mapped = S3Error.from(error, resource: location.description)
            if case S3Error.service(code: "BucketAlreadyOwnedByYou", _, _, _) = mapped { return }
            throw mapped
        }
    }

    // MARK: Objects

    /// What the store holds at `location`; nil when there is no such object.
    public func head(_ location: S3Location) async throws -> S3Object? {
        do {
            let response = try await http.send(HTTPRequest(.head, url(location)))
            guard let size = response.headers["Content-Length"].flatMap({ Int64($0) }), size >= 0 else {
                throw S3Error.unexpectedAnswer("no Content-Length for the object", resource: location.description)
            }
            return S3Object(key: location.key, size: size, etag: Self.unquoted(response.headers["ETag"] ?? ""))
        } catch HTTPError.status(404, _, _) {
            return nil
        } catch {
            throw S3Error.from(error, resource: location.description)
        }
    }

    /// Stores bytes held in memory, verified by `Content-MD5` and the returned ETag.
    @discardableResult
    public func put(_ data: Data, at location: S3Location, contentType: String? = nil) async throws -> S3Object {
        let digest = PartDigest(data: data)
        var request = HTTPRequest(.put, url(location), body: data)
        request.headers["Content-MD5"] = digest.md5Base64
        request.headers["x-amz-content-sha256"] = digest.sha256
        // Always a type: libcurl labels a body in memory as a form, and a server in Flask (moto) then reads it as one
        // and stores nothing (the ETag check caught that).
        request.headers["Content-Type"] = contentType ?? "application/octet-stream"
        do {
            let response = try await http.send(request)
            try await verifyStored(location, etag: response.headers["ETag"], expected: digest.md5Hex)
        } catch {
            throw S3Error.from(error, resource: location.description)
        }
        return S3Object(key: location.key, size: Int64(data.count), etag: digest.md5Hex)
    }

    /// Uploads a file: in one request below `multipartThreshold`, else in parts sent `parallelParts` at a time. The
    /// object appears whole or not at all; what the store received is checked against the file's MD5s. With
    /// `ifAbsent`, an object already at `location` is kept and the upload fails with `PreconditionFailed`
    /// (`If-None-Match: *`); the caller decides whether an object with the same bytes will do.
    @discardableResult
    public func upload(
        file path: String, to location: S3Location, ifAbsent: Bool = false, progress: (any ProgressReporter)? = nil
    ) async throws -> S3Object {
        guard let size = FileDescriptor.size(of: path) else { throw FileError.cannotOpen(path, errno: errno) }
        if size >= configuration.multipartThreshold {
            return try await uploadInParts(file: path, size: size, to: location, ifAbsent: ifAbsent)
        }
        let digest = try PartDigest(file: path, sha256: signsPayloads)
        var request = HTTPRequest(.put, url(location))
        request.headers["Content-MD5"] = digest.md5Base64
        request.headers["x-amz-content-sha256"] = digest.sha256
        if ifAbsent { request.headers["If-None-Match"] = "*" }
        do {
            let response = try await http.upload(file: path, to: request, progress: progress)
            try await verifyStored(location, etag: response.headers["ETag"], expected: digest.md5Hex)
        } catch {
            throw S3Error.from(error, resource: location.description)
        }
        return S3Object(key: location.key, size: size, etag: digest.md5Hex)
    }

    /// Copies an object inside the store (no bytes pass through this machine), up to S3's 5 GiB limit for one copy.
    @discardableResult
    public func copy(_ source: S3Location, to destination: S3Location, ifAbsent: Bool = false) async throws -> S3Object {
        var request = HTTPRequest(.put, url(destination))
        request.headers["x-amz-copy-source"] = "/" + URIEncoding.encode(source.bucket) + "/" + URIEncoding.encode(source.key, keepSlash: true)
        if ifAbsent { request.headers["If-None-Match"] = "*" }
        let answer: Substring
        do { answer = Substring(try await http.send(request).text) } catch {
            throw S3Error.from(error, resource: destination.description)
        }
        // A copy that fails late is a 200 whose body holds the error.
        if let code = S3XML.value("Code", in: answer) {
            throw S3Error.service(code: code, message: S3XML.value("Message", in: answer) ?? "", status: 200, resource: destination.description)
        }
        guard let object = try await head(destination) else {
            throw S3Error.unexpectedAnswer("the copy is not there after CopyObject", resource: destination.description)
        }
        return object
    }

    /// Downloads an object to `path` (atomically: the file appears only when complete) and checks it against the
    /// object's ETag; a copy that differs is removed. Returns what the store said about the object.
    @discardableResult
    public func download(_ location: S3Location, to path: String, progress: (any ProgressReporter)? = nil) async throws -> S3Object {
        guard let object = try await head(location) else {
            throw S3Error.service(code: "NoSuchKey", message: "no such object", status: 404, resource: location.description)
        }
        do {
            _ = try await http.download(HTTPRequest(.get, url(location)), to: path, expectedSize: object.size, progress: progress)
        } catch {
            throw S3Error.from(error, resource: location.description)
        }
        try verifyDownloaded(path, object: object, location: location)
        return object
    }

    /// An object's bytes, in memory (for small objects: configuration, records), checked against its ETag.
    public func data(at location: S3Location) async throws -> Data {
        let response: HTTPResponse
        do { response = try await http.send(HTTPRequest(.get, url(location))) } catch {
            throw S3Error.from(error, resource: location.description)
        }
        let etag = Self.unquoted(response.headers["ETag"] ?? "")
        if Self.isPlainMD5(etag) {
            let actual = PartDigest(data: response.body).md5Hex
            guard actual == etag else { throw S3Error.checksumMismatch(resource: location.description, expected: etag, actual: actual) }
        }
        return response.body
    }

    /// Removes an object; one that is not there is not an error (S3 answers the same).
    public func delete(_ location: S3Location) async throws {
        do { _ = try await http.send(HTTPRequest(.delete, url(location))) } catch {
            throw S3Error.from(error, resource: location.description)
        }
    }

    /// Every object whose key starts with `prefix`, in key order, all pages read; `pageSize` keys per request.
    public func list(_ prefix: S3Location, pageSize: Int = 1000) async throws -> [S3Object] {
        var objects: [S3Object] = []
        var token: String?
        let bucket = S3Location(bucket: prefix.bucket, key: "")
        repeat {
            var query: [(name: String, value: String)] = [("list-type", "2"), ("max-keys", String(max(1, min(pageSize, 1000))))]
            if !prefix.key.isEmpty { query.append(("prefix", prefix.key)) }
            if let token { query.append(("continuation-token", token)) }
            let body: Substring
            do { body = Substring(try await http.send(HTTPRequest(.get, url(bucket, query: query))).text) } catch {
                throw S3Error.from(error, resource: prefix.description)
            }
            for entry in S3XML.elements("Contents", in: body) {
                guard let key = S3XML.value("Key", in: entry), let size = S3XML.value("Size", in: entry).flatMap({ Int64($0) }), size >= 0
                else { throw S3Error.unexpectedAnswer("a listing entry without Key or Size", resource: prefix.description) }
                objects.append(S3Object(key: key, size: size, etag: Self.unquoted(S3XML.value("ETag", in: entry) ?? "")))
            }
            token = S3XML.value("IsTruncated", in: body) == "true" ? S3XML.value("NextContinuationToken", in: body) : nil
        } while token != nil
        return objects
    }

    /// Whether file bodies are hashed into the signature: over plain HTTP yes; over HTTPS, TLS already protects the
    /// bytes and `Content-MD5` lets the store check them, so the SHA-256 pass is skipped (`UNSIGNED-PAYLOAD`), as
    /// botocore does.
    var signsPayloads: Bool { !configuration.endpoint.lowercased().hasPrefix("https://") }

    // MARK: Checks

    /// Checks the ETag a PUT returned; a stored copy that differs from what was sent is removed.
    func verifyStored(_ location: S3Location, etag: String?, expected: String) async throws {
        let returned = Self.unquoted(etag ?? "")
        // Servers that encrypt with KMS return ETags that are not MD5s; `Content-MD5` was checked by them already.
        guard Self.isPlainMD5(returned), returned != expected else { return }
        try? await delete(location)
        throw S3Error.checksumMismatch(resource: location.description, expected: expected, actual: returned)
    }

    /// Checks a downloaded file against the object's ETag: its MD5, or for an object uploaded in parts the MD5 of its
    /// parts' MD5s when the part size is the one this client uses. A file that differs is removed.
    func verifyDownloaded(_ path: String, object: S3Object, location: S3Location) throws {
        let actual: String
        if Self.isPlainMD5(object.etag) {
            actual = try PartDigest(file: path, sha256: false).md5Hex
        } else if let dash = object.etag.lastIndex(of: "-"), let count = Int(object.etag[object.etag.index(after: dash)...]), count > 0 {
            let partSize = Self.partSize(for: object.size, configured: configuration.partSize)
            let parts = try Self.partRanges(size: object.size, partSize: partSize).map { try PartDigest(file: path, range: $0, sha256: false) }
            actual = PartDigest.multipartETag(parts)
            // Uploaded by another tool with other parts: the size was checked, the bytes cannot be.
            if parts.count != count { return }
        } else {
            return
        }
        guard actual == object.etag else {
            unlink(path)
            throw S3Error.checksumMismatch(resource: location.description, expected: object.etag, actual: actual)
        }
    }

    static func unquoted(_ etag: String) -> String {
        etag.count >= 2 && etag.hasPrefix("\"") && etag.hasSuffix("\"") ? String(etag.dropFirst().dropLast()) : etag
    }

    static func isPlainMD5(_ etag: String) -> Bool {
        etag.utf8.count == 32 && etag.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
