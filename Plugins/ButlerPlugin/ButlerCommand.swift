public import ArgumentParser
import Synchronization

/// `sci butler`: the group of repository commands; other modules add their own with `ButlerCommand.register`.
public struct ButlerCommand: ParsableCommand {
    private static let builtIn: [any ParsableCommand.Type] = [
        Create.self, RegisterDatasetType.self, QueryDatasetTypes.self, InsertDimensionRecords.self,
        IngestFiles.self, Ingest.self, QueryDatasets.self, QueryCollections.self, CollectionChain.self,
        QueryDataIds.self, QueryDimensionRecords.self, RemoveRuns.self, PruneDatasets.self, RetrieveArtifacts.self,
        CertifyCalibrations.self, Associate.self, Disassociate.self, Decertify.self, FindCalibration.self,
    ]
    private static let extensions = Mutex<[any ParsableCommand.Type]>([])

    /// The group, its built-in commands and the registered ones.
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
            subcommands: builtIn + extensions.withLock { $0 })
    }

    /// Adds `command` as `sci butler <its name>`, the way the SPHEREx POC added `butler ingest-simulated`; call it in
    /// `main.swift` before `SciMain.run`.
    public static func register(_ command: any ParsableCommand.Type) {
        extensions.withLock { $0.append(command) }
    }

    public init() {}
}
