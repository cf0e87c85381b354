import SciCore

/// The runs an ML query covers: models, datasets and run numbers, as `cert-json` and `golden-json` take them (sent as
/// cmsdials' body `{"model_id__in": [...], "dataset_id__in": [...], "run_number__in": [...]}`).
public struct MLSelection: Sendable, Hashable, Encodable {
    /// The models' ids.
    public var modelIDs: [Int]
    /// The datasets' ids.
    public var datasetIDs: [Int]
    /// The run numbers.
    public var runNumbers: [Int]

    /// A selection.
    public init(modelIDs: [Int], datasetIDs: [Int], runNumbers: [Int]) {
        self.modelIDs = modelIDs
        self.datasetIDs = datasetIDs
        self.runNumbers = runNumbers
    }

    /// A selection from comma-separated lists (`20,19`), as the command line gives them; a usage error names the
    /// list that is not one.
    public init(modelIDs: String, datasetIDs: String, runNumbers: String) throws {
        func ints(_ text: String, _ flag: String) throws -> [Int] {
            let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !values.isEmpty, !values.contains(nil) else {
                throw SciError("--\(flag) must be integers separated by commas, not '\(text)'", exitCode: SciError.usageExitCode)
            }
            return values.compactMap { $0 }
        }
        self.init(modelIDs: try ints(modelIDs, "model-ids"), datasetIDs: try ints(datasetIDs, "dataset-ids"),
                  runNumbers: try ints(runNumbers, "runs"))
    }

    private enum CodingKeys: String, CodingKey {
        // cmsdials' order and names.
        case modelIDs = "model_id__in", datasetIDs = "dataset_id__in", runNumbers = "run_number__in"
    }
}
