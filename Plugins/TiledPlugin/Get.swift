import ArgumentParser
import Foundation
import SciCLI
import SciCore
import Tiled

extension TiledCommand {
    /// `sci tiled get PATH`: an array's or a table's data.
    struct Get: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "get",
            abstract: "Print or save the data of an array or a table.",
            discussion: """
                Arrays come as csv (one row per line of the last dimension), json (nested lists), npy or fits;
                tables as csv or json (one object per row). npy and fits need --output unless stdout is a file.
                Examples:
                  sci tiled get arr2d --slice 0:2,::2 --format json
                  sci tiled get chunked --block 0,1 --format csv
                  sci tiled get arr2d --format fits --output arr2d.fits
                  sci tiled get run1/primary/data --format csv --column det1
                """)

        enum DataFormat: String, ExpressibleByArgument, CaseIterable { case csv, json, npy, fits }

        @OptionGroup var globals: GlobalFlags
        @OptionGroup var server: ServerOptions
        @Argument(help: "The array's or table's path.") var path: String
        @Option(help: "What to print.") var format: DataFormat = .csv
        // Unconditional, so `--slice -1,-2:` reads the slice rather than taking it for an option.
        @Option(parsing: .unconditional, help: ArgumentHelp("Part of an array, numpy style (0:10,::2, -1, ...,0).", valueName: "slice"))
        var slice: String?
        @Option(help: ArgumentHelp("One block of an array, one chunk index per dimension (0,1).", valueName: "indices"))
        var block: String?
        @Option(help: ArgumentHelp("Only these table columns (repeatable).", valueName: "name")) var column: [String] = []
        @Option(help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "path"),
                completion: .file())
        var output: String?

        func validate() throws {
            if slice != nil, block != nil { throw ValidationError("--slice and --block exclude each other") }
            if format == .fits, output == nil { throw ValidationError("--format fits needs --output FILE") }
            if let block, block.split(separator: ",").contains(where: { Int($0) == nil }) {
                throw ValidationError("--block takes chunk indices separated by commas, such as 0,1")
            }
        }

        func run() async throws {
            let options = globals.options
            let client = try server.connect(logger: options.logger(label: "sci.tiled"), config: try options.loadConfig())
            let node = try await client.node(path)
            switch node.structureFamily {
            case "array":
                let array: ArrayData
                if let block {
                    array = try await client.readBlock(path, block: block.split(separator: ",").compactMap { Int($0) })
                } else {
                    array = try await client.readArray(path, slice: slice)
                }
                try await emit(array)
            case "table":
                if slice != nil || block != nil {
                    throw SciError("\(path) is a table: --slice and --block select parts of arrays",
                                   hint: "choose columns with --column", exitCode: SciError.usageExitCode)
                }
                switch format {
                case .csv: try save(Data(try await client.readTableCSV(path, columns: column).utf8))
                case .json: try saveJSON(try await client.readTable(path, columns: column))
                default:
                    throw SciError("\(path) is a table, which comes as csv or json", exitCode: SciError.usageExitCode)
                }
            default:
                throw SciError("\(path) is a \(node.structureFamily), which has no data to get",
                               hint: "see its children with sci tiled ls \(path)", exitCode: SciError.usageExitCode)
            }
        }

        private func emit(_ array: ArrayData) async throws {
            switch format {
            case .csv: try save(Data(ArrayText.csv(array).utf8))
            case .json: try save(Data((ArrayText.json(array) + "\n").utf8))
            // The header, then the elements as they are: an array of hundreds of megabytes is not copied again.
            case .npy: try save(NPY.header(for: array), array.bytes)
            case .fits:
                try FITSArray.write(array, to: output!)
            }
        }

        /// A table's rows as a JSON array, one compact object a line as listings print them, written as they are
        /// rendered: a dictionary per row and one indented document took most of the time of a large table.
        private func saveJSON(_ table: Table) throws {
            let file = try output.map { try AtomicFile(destination: $0) }
            var failure: (any Error)?
            // Keys in the table's column order, as pandas' to_json writes rows.
            let writer = RecordWriter(format: .json, columns: table.columns, keysInColumnOrder: true) { text in
                guard let file else { return RecordWriter.standardOutput(text) }
                do { try file.write(Data(text.utf8)) } catch { failure = failure ?? error }
            }
            let columns = table.columns.map { table.values[$0] ?? [] }
            for row in 0..<table.rowCount { writer.write(values: columns.map { row < $0.count ? $0[row] : .null }) }
            writer.finish()
            if let failure { throw failure }
            try file?.commit()
        }

        private func save(_ parts: Data...) throws {
            guard let output else { return parts.forEach { FileHandle.standardOutput.write($0) } }
            let file = try AtomicFile(destination: output)
            for part in parts { try file.write(part) }
            try file.commit()
        }
    }
}
