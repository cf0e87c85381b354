import Foundation
import SciCore

extension Registry {
    /// The row of a file about to be uploaded: in parts of `partSize`, or, when the client asked for one PUT of files
    /// up to `multipartThreshold` bytes (sci's extension; HIPPO's client asks for none) and the store takes such a
    /// PUT, as one part of the whole file. One PUT spares the store the multipart completion, which for a store that
    /// assembles the parts by copying them (moto copies 1 GiB in about 10 s) costs as much as the upload itself.
    func plannedFile(_ announced: PreUploadFile, uploader: String, partSize: Int64, multipartThreshold: Int64?) -> FileRow {
        let limit = min(multipartThreshold ?? 0, storage.largestWholeFileUpload)
        guard announced.size > 0, announced.size <= limit else { return FileRow(announced, uploader: uploader, partSize: partSize) }
        var file = FileRow(announced, uploader: uploader, partSize: announced.size)
        file.wholeFile = true
        return file
    }

    /// The answer's `upload_headers`: per file name, the headers each PUT of that file must carry; nil when no file
    /// needs any, so answers to HIPPO's client keep HIPPO's shape.
    func uploadHeaders(_ files: [FileRow]) -> JSONValue? {
        let headers = files.compactMap { file -> (String, JSONValue)? in
            let headers = storage.uploadHeaders(file)
            return headers.isEmpty ? nil : (file.name, .object(headers.mapValues { .string($0) }))
        }
        return headers.isEmpty ? nil : .object(Dictionary(headers) { first, _ in first })
    }
}
