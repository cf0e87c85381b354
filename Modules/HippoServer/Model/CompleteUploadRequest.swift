import Foundation

/// The body of `POST /product/{id}/complete`: per file name, the headers of each part's response and each part's size.
struct CompleteUploadRequest: Decodable, Sendable {
    var headers: [String: [[String: String]]]
    var sizes: [String: [Int64]]?

    /// The ETags a client reported for a file, found case-insensitively and without quotes, as HIPPO reads them.
    func etags(for name: String) -> [String]? {
        headers[name].map { parts in
            parts.map { part in
                let value = part.first { $0.key.lowercased() == "etag" }?.value ?? ""
                return value.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
    }
}
