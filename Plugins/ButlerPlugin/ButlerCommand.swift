public import ArgumentParser
import SciCLI

/// `sci butler`: the group of repository commands; plugins extending `butler` add their own.
public struct ButlerCommand: ParsableCommand {
    private static let builtIn: [any ParsableCommand.Type] = [
        Create.self, RegisterDatasetType.self, QueryDatasetTypes.self, InsertDimensionRecords.self,
        IngestFiles.self, Ingest.self, QueryDatasets.self, QueryCollections.self, CollectionChain.self,
        QueryDataIds.self, QueryDimensionRecords.self, RemoveRuns.self, PruneDatasets.self, RetrieveArtifacts.self,
        CertifyCalibrations.self, Associate.self, Disassociate.self, Decertify.self, FindCalibration.self,
    ]

    /// The group, its built-in commands and those of the plugins extending it (computed: they are known at run time).
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "butler",
            abstract: "A dataset registry and file datastore after the Rubin/LSST butler.",
            discussion: """
                A repository is one folder: butler.yaml, an SQLite registry and the datastore's files.
                Example:
                  sci butler create REPO --dimension-config dimensions.yaml
                  sci butler ingest REPO raw/ --type rawexp --run rawexpr --data-id instrument=SPHEREx \\
                      --regex '(?<observation>\\d+)_(?<detector>\\d+)\\.fits'
                  sci butler query-datasets REPO rawexp --collections rawexpr --where "detector IN (1..3)"
                """,
            subcommands: builtIn + ButlerPlugin.extensionCommands)
    }

    public init() {}
}
