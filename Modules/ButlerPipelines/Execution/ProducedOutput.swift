import Butler
import Foundation

/// One output a task handed over, waiting to be committed: a staged file to move in, or an object to write.
struct ProducedOutput: Sendable {
    /// What is stored.
    enum Payload: Sendable {
        /// A file written in the staging folder, moved into the datastore.
        case file(String)
        /// An object the datastore's formatter writes.
        case object(DatasetObject)
    }

    /// The output connection.
    var connection: String
    /// The predicted dataset.
    var ref: DatasetRef
    /// What is stored.
    var payload: Payload

    /// Removes a staged file that will not be committed.
    func discard() {
        if case .file(let path) = payload { unlink(path) }
    }
}
