/// How a new dataset's UUID is made, as daf_butler's `DatasetIdGenEnum` (`--id-generation-mode`).
public enum DatasetIdGeneration: String, Sendable, CaseIterable, Codable {
    /// A random, time-ordered UUIDv7: every ingest makes new ids.
    case unique
    /// uuid5 of the dataset type and data ID: the same dataset in any RUN has the same id.
    case dataIdType = "dataid_type"
    /// uuid5 of the dataset type, data ID and RUN: re-making a RUN gives the same ids.
    case dataIdTypeRun = "dataid_type_run"
}
