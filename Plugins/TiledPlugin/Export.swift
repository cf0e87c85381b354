import ArgumentParser
import Foundation
import SciCLI
import SciCore
import SciHTTP
import Tiled

extension TiledCommand {
    /// `sci tiled export PATH DIR`: a node, or a container's whole tree, as files.
    struct Export: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write a node, or everything under a container, as files: arrays to NPY or FITS, tables to CSV.",
            discussion: """
                Containers become folders. Each file is written atomically; an existing one is replaced. FITS holds
                1-D and 2-D arrays; others are written as NPY even with --arrays fits. One row per file is printed.

                Examples:
                  sci tiled export run1 out/
                  sci tiled export / out/ --arrays fits
                """)

        enum ArrayFormat: String, ExpressibleByArgument, CaseIterable { case npy, fits }

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var server: ServerOptions
        @Argument(help: "The node to export (/ for everything).") var path: String
        @Argument(help: "The folder to write into (made if missing).", completion: .directory) var folder: String
        @Option(help: "How arrays are written: npy or fits.") var arrays = ArrayFormat.npy

        func run() async throws {
            let client = try server.connect(logger: globals.logger(label: "sci.tiled"), config: try globals.loadConfig())
            let writer = try globals.makeWriter(columns: ["path", "family", "file", "bytes"])
            let node = try await client.node(path)
            var skipped = 0
            try await export(node, client, into: folder, writer: writer, skipped: &skipped)
            writer.finish()
            if skipped > 0 {
                throw SciError("\(skipped) node(s) could not be exported; everything else was written",
                               hint: "the warnings above say which and why")
            }
        }

        /// Writes `node` (a container: its whole tree) into `folder`. A node whose data cannot be read or written is
        /// reported on standard error and counted in `skipped`, and the export goes on with the others.
        private func export(_ node: Node, _ client: TiledClient, into folder: String, writer: RecordWriter, skipped: inout Int) async throws {
            // Keys come from the server: one that would climb out of the folder is refused.
            let name = node.key.isEmpty ? "" : node.key
            guard name != "." && name != ".." && !name.contains("/") else {
                throw SciError("the server named a node '\(name)', which cannot be a file name", hint: "export its children one by one")
            }
            let target = name.isEmpty ? folder : folder + "/" + name
            switch node.structureFamily {
            case "container":
                try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
                for try await page in client.children(of: node.path) {
                    for child in page.items { try await export(child, client, into: target, writer: writer, skipped: &skipped) }
                }
            case "array", "table":
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    let file = try await write(node, client, to: target)
                    written(node, file, writer)
                } catch let error as SciError {
                    skipped += 1
                    FileHandle.standardError.write(Data("warning: skipped \(node.path): \(error.message)\n".utf8))
                } catch let error as HTTPError {
                    // The server refused this node's data; a server that cannot be reached stops the export.
                    guard case .status = error else { throw error }
                    skipped += 1
                    FileHandle.standardError.write(Data("warning: skipped \(node.path): \(error.sciError.message)\n".utf8))
                }
            default:
                FileHandle.standardError.write(Data("skipped \(node.path): a \(node.structureFamily) has no file form here\n".utf8))
            }
        }

        /// Writes an array (NPY, or FITS when asked and it is a 1-D or 2-D array of numbers) or a table (CSV) at
        /// `target` plus its extension; returns the file's path.
        private func write(_ node: Node, _ client: TiledClient, to target: String) async throws -> String {
            if node.structureFamily == "table" {
                let file = target + ".csv"
                try AtomicFile.write(Data(try await client.readTableCSV(node.path).utf8), to: file)
                return file
            }
            let array = try await client.readArray(node.path)
            if arrays == .fits, (1...2).contains(array.shape.count), ["f", "i", "u", "b"].contains(array.dataType.kind) {
                let file = target + ".fits"
                try FITSArray.write(array, to: file)
                return file
            }
            let file = target + ".npy"
            let output = try AtomicFile(destination: file)
            try output.write(NPY.header(for: array))
            try output.write(array.bytes)
            try output.commit()
            return file
        }

        private func written(_ node: Node, _ file: String, _ writer: RecordWriter) {
            var info = stat()
            let size: JSONValue = stat(file, &info) == 0 ? .int(Int64(info.st_size)) : .null
            writer.write(["path": .string(node.path), "family": .string(node.structureFamily), "file": .string(file), "bytes": size])
        }
    }
}
