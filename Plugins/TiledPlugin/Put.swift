import ArgumentParser
import Foundation
import SciCLI
import SciCore
import SciFITS
import Tiled

extension TiledCommand {
    /// `sci tiled put PARENT FILE.fits`: a FITS image uploaded as an array, its header as metadata.
    struct Put: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "put",
            abstract: "Upload a FITS image as a float64 array under a container, its header as metadata.",
            discussion: """
                The key is the file name without .fits unless --key is given; the header's keywords go into the
                metadata under "fits" (HISTORY and COMMENT cards are left out), --metadata adds more.

                Example:
                  sci tiled put / stack.fits --key stack --metadata band=r --metadata exposure=120
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var server: ServerOptions
        @Argument(help: "The container to upload into (/ for the root).") var parent: String
        @Argument(help: "The FITS file.", completion: .file(extensions: ["fits", "fit"])) var file: String
        @Option(help: "The new node's key.") var key: String?
        @Option(help: ArgumentHelp("Metadata as key=value, the value JSON when it parses (repeatable).", valueName: "key=value"))
        var metadata: [String] = []

        func validate() throws { _ = try extraMetadata() }

        func run() async throws {
            // Read and check everything before connecting: a bad file costs no request.
            let fits = try FITSFile(file)
            defer { try? fits.close() }
            let image = try fits.image(at: 0)
            var fields = try extraMetadata()
            var header: [String: JSONValue] = [:]
            for card in try fits.header(at: 0) {
                guard let value = card.value else { continue }
                switch value {
                case .string(let text): header[card.keyword] = .string(text)
                case .integer(let number): header[card.keyword] = .int(Int64(number))
                case .double(let number): header[card.keyword] = .double(number)
                case .bool(let flag): header[card.keyword] = .bool(flag)
                case .complex, .undefined: header[card.keyword] = .string(value.description)
                }
            }
            fields["fits"] = .object(header)
            let name = key ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            let array = try ArrayData(
                shape: image.height > 1 ? [image.height, image.width] : [image.width], dataType: DataType(kind: "f", itemSize: 8),
                bytes: image.pixels.withUnsafeBytes { Data($0) })
            let client = try server.connect(logger: globals.logger(label: "sci.tiled"))
            let node = try await client.writeArray(array, key: name, in: parent == "/" ? "" : parent, metadata: fields)
            let writer = try globals.makeWriter(columns: NodeRow.columns)
            writer.write(NodeRow.row(node))
            writer.finish()
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
