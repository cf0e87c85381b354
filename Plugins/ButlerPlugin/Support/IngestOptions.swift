public import ArgumentParser
public import Butler
import SciCLI
import SciCore

/// The options `ingest` and `ingest-files` share: transfer, id generation, fixed data ID values, conflicts.
struct IngestOptions: ParsableArguments {
    @Option(name: [.customShort("t"), .long], help: "How files get in: auto, link, copy, move, symlink, relsymlink, hardlink, direct.")
    var transfer: TransferMode = .auto
    @Option(help: "unique (UUIDv7), dataid_type or dataid_type_run (uuid5, as daf_butler).")
    var idGenerationMode: DatasetIdGeneration = .unique
    @Option(help: ArgumentHelp("Data ID values for every file (repeatable), e.g. instrument=SPHEREx.", valueName: "dim=value"))
    var dataId: [String] = []
    @Flag(help: "Skip data IDs already in the RUN instead of failing.")
    var skipExisting = false
    @Flag(help: "Make missing dimension records with their keys only, instead of refusing the data ID (as daf_butler does).")
    var createRecords = false
    @Flag(help: "Give each file's exposure/visit record the region of its FITS WCS (TAN, TAN-SIP, TPV); a file without one stops the ingest.")
    var regionsFromWcs = false

    /// The --data-id values.
    func commonDataId() throws -> DataId {
        var result = DataId()
        for text in dataId { result.values.merge(try DataId(parsing: text).values) { $1 } }
        return result
    }

    /// Ingests and prints one row per new dataset.
    func ingest(_ files: [FileToIngest], into butler: Butler, datasetType: String, run: String, globals: GlobalOptions) throws {
        // Regions are read first, so a file without a usable WCS stops the ingest before anything is written.
        let regions = regionsFromWcs ? try butler.regionsFromWCS(files, datasetType: datasetType) : []
        let refs = try butler.ingest(
            files, datasetType: datasetType, run: run, transfer: transfer, idGeneration: idGenerationMode,
            skipExisting: skipExisting, createRecords: createRecords)
        if !regions.isEmpty { try butler.registry.setRegions(regions) }
        let columns = try butler.dataIdColumns(of: datasetType)
        let writer = try globals.makeWriter(columns: ["type", "run", "id"] + columns)
        // By position: an ingest of 10,000 files prints 10,000 rows.
        for ref in refs {
            writer.write(values: [.string(datasetType), .string(run), .string(ref.id.lowercasedString)]
                + columns.map { ref.dataId[$0]?.json ?? .null })
        }
        writer.finish()
    }
}

extension TransferMode: ExpressibleByArgument {}
extension DatasetIdGeneration: ExpressibleByArgument {}
