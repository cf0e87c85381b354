import ArgumentParser
import Foundation
import SciCLI
import SciCore
import Tiled

extension TiledCommand {
    /// `sci tiled put PARENT FILE`: a FITS image uploaded as an array (its header as metadata), or a CSV file as a table.
    struct Put: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "put",
            abstract: "Upload a FITS image as a float64 array, or a CSV file as a table, under a container.",
            discussion: """
                The key is the file name without its extension unless --key is given. A FITS image's header keywords go
                into the metadata under "fits" (HISTORY and COMMENT cards are left out). A CSV file needs a header row;
                columns of whole numbers become int64, other numbers float64, true/false bool, the rest text, and
                empty cells null. --metadata adds more.

                Examples:
                  sci tiled put / stack.fits --key stack --metadata band=r --metadata exposure=120
                  sci tiled put run1 scan.csv --metadata operator=ana
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var server: ServerOptions
        @Argument(help: "The container to upload into (/ for the root).") var parent: String
        @Argument(help: "The FITS or CSV file.", completion: .file(extensions: ["fits", "fit", "csv"])) var file: String
        @Option(help: "The new node's key.") var key: String?
        @Option(help: ArgumentHelp("Metadata as key=value, the value JSON when it is valid JSON (10, 2.5, true, [1,2], \"02139\"), text otherwise: zip=02139 stays the text 02139 (repeatable).", valueName: "key=value"))
        var metadata: [String] = []

        func validate() throws { _ = try extraMetadata() }

        func run() async throws {
            let name = key ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            let container = parent == "/" ? "" : parent
            // Tiled accepts a node created under an array or a table; only containers should hold nodes.
            if !container.split(separator: "/").isEmpty {
                let client = try server.connect(logger: globals.logger(label: "sci.tiled"), config: try globals.loadConfig())
                let holder = try await client.node(container).structureFamily
                guard holder == "container" || holder == "composite" else {
                    let article = holder.first.map { "aeiou".contains($0) } == true ? "an" : "a"
                    throw SciError("\(container) is \(article) \(holder), not a container",
                                   hint: "put files into a container (or / for the root)", exitCode: SciError.usageExitCode)
                }
            }
            let node: Node
            if file.lowercased().hasSuffix(".csv") {
                // Read and check everything before connecting: a bad file costs no request.
                guard let text = FileManager.default.contents(atPath: file).map({ String(decoding: $0, as: UTF8.self) }) else {
                    throw SciError("cannot read \(file)")
                }
                let table = try Table(csv: text, from: file)
                let client = try server.connect(logger: globals.logger(label: "sci.tiled"), config: try globals.loadConfig())
                node = try await client.writeTable(table, key: name, in: container, metadata: try extraMetadata())
            } else {
                node = try await putImage(name: name, in: container)
            }
            let writer = try globals.makeWriter(columns: NodeRow.columns)
            writer.write(NodeRow.row(node))
            writer.finish()
        }

        private func putImage(name: String, in container: String) async throws -> Node {
            let fits = try FITSArray(contentsOf: file)
            let client = try server.connect(logger: globals.logger(label: "sci.tiled"), config: try globals.loadConfig())
            return try await client.writeArray(fits.array, key: name, in: container, metadata: fits.metadata(adding: try extraMetadata()))
        }

        private func extraMetadata() throws -> [String: JSONValue] {
            var fields: [String: JSONValue] = [:]
            for pair in metadata {
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                    throw ValidationError("--metadata \(pair) must be key=value")
                }
                let text = String(pair[pair.index(after: equals)...])
                fields[String(pair[..<equals])] = (try? JSONValue(parsing: Data(text.utf8))) ?? .string(text)
            }
            return fields
        }
    }
}
