import ArgumentParser
import Dials
import Foundation
import SciCLI
import SciCore

/// The run selection of `cert-json` and `golden-json`.
struct MLSelection: ParsableArguments {
    @Option(help: ArgumentHelp("Model ids, comma-separated.", valueName: "ids")) var modelIds: String
    @Option(help: ArgumentHelp("Dataset ids, comma-separated.", valueName: "ids")) var datasetIds: String
    @Option(help: ArgumentHelp("Run numbers, comma-separated.", valueName: "runs")) var runs: String

    func validate() throws { _ = try lists() }

    func lists() throws -> (models: [Int], datasets: [Int], runs: [Int]) {
        func ints(_ text: String, _ flag: String) throws -> [Int] {
            let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !values.isEmpty, !values.contains(nil) else { throw ValidationError("--\(flag) must be integers separated by commas") }
            return values.map { $0! }
        }
        return (try ints(modelIds, "model-ids"), try ints(datasetIds, "dataset-ids"), try ints(runs, "runs"))
    }
}

extension DialsCommand {
    /// `sci dials cert-json`: the ML certification JSON.
    struct CertJSON: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "cert-json",
            abstract: "Print the ML certification JSON: the flags of each lumisection of the runs.",
            discussion: "Example:\n  sci dials cert-json --workspace jetmet --model-ids 20,19 --dataset-ids 15042670 --runs 385801,385799")

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var dials: DialsOptions
        @OptionGroup var selection: MLSelection

        func run() async throws {
            let (models, datasets, runs) = try selection.lists()
            print(try await dials.client().certJSON(modelIDs: models, datasetIDs: datasets, runNumbers: runs).jsonString())
        }
    }

    /// `sci dials golden-json`: good lumisection ranges.
    struct GoldenJSON: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "golden-json",
            abstract: "Print the golden-like JSON: ranges of lumisections no model flagged.",
            discussion: "Example:\n  sci dials golden-json --workspace jetmet --model-ids 20,19 --dataset-ids 15042670 --runs 385801")

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var dials: DialsOptions
        @OptionGroup var selection: MLSelection

        func run() async throws {
            let (models, datasets, runs) = try selection.lists()
            print(try await dials.client().goldenJSON(modelIDs: models, datasetIDs: datasets, runNumbers: runs).jsonString())
        }
    }
}
