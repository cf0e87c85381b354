import ArgumentParser
import Dials
import SciCLI
import SciCore

/// The command line of an `MLSelection`, for `cert-json` and `golden-json`.
struct MLSelectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Model ids, comma-separated.", valueName: "ids")) var modelIds: String
    @Option(help: ArgumentHelp("Dataset ids, comma-separated.", valueName: "ids")) var datasetIds: String
    @Option(help: ArgumentHelp("Run numbers, comma-separated.", valueName: "runs")) var runs: String

    /// The selection, read once by `validate()`.
    private(set) var selection: MLSelection?
    private enum CodingKeys: String, CodingKey { case modelIds, datasetIds, runs }

    mutating func validate() throws { selection = try read() }

    /// The selection these options name.
    func read() throws -> MLSelection {
        do {
            return try selection ?? MLSelection(modelIDs: modelIds, datasetIDs: datasetIds, runNumbers: runs)
        } catch let error as SciError {
            throw ValidationError(error.message)
        }
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
        @OptionGroup var selection: MLSelectionOptions

        func run() async throws {
            let client = try dials.client(config: try globals.loadConfig(), globals: globals)
            print(try await client.certJSON(try selection.read()).jsonString())
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
        @OptionGroup var selection: MLSelectionOptions

        func run() async throws {
            let client = try dials.client(config: try globals.loadConfig(), globals: globals)
            print(try await client.goldenJSON(try selection.read()).jsonString())
        }
    }
}
