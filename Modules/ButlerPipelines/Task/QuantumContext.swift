public import Butler
import Foundation
public import SciCore
import SciFITS

/// What a task's `run` sees of one quantum: its data ID, typed reads of its inputs (FITS images through SciFITS,
/// structured data, text, plain files) and the place to hand over its outputs.
public final class QuantumContext {
    /// The task's label.
    public let label: String
    /// The quantum's data ID over the task's dimensions.
    public let dataId: DataId
    /// The task's connections.
    public let connections: TaskConnections
    let quantum: Quantum
    let butler: Butler
    let staging: String
    private(set) var produced: [ProducedOutput] = []

    init(quantum: Quantum, connections: TaskConnections, butler: Butler, staging: String) {
        self.label = quantum.task
        self.dataId = quantum.dataId
        self.quantum = quantum
        self.connections = connections
        self.butler = butler
        self.staging = staging
    }

    // MARK: Inputs

    /// The datasets of input connection `name`.
    public func refs(_ name: String) throws -> [DatasetRef] {
        guard let refs = quantum.inputs[name] else {
            throw PipelineError.quantumFailed("\(label): no input connection '\(name)'")
        }
        return refs
    }

    /// The one dataset of input connection `name`.
    public func ref(_ name: String) throws -> DatasetRef {
        let all = try refs(name)
        guard all.count == 1 else { throw PipelineError.quantumFailed("\(label): input \(name) has \(all.count) datasets; read them with refs") }
        return all[0]
    }

    /// The file of `ref` (an input made earlier in this run is looked up in its RUN).
    public func path(of ref: DatasetRef) throws -> String {
        if ref.path != nil { return try butler.path(of: ref) }
        return try butler.path(of: butler.find(ref.datasetType, dataId: ref.dataId, collections: [ref.run]))
    }

    /// The file of the one dataset of input connection `name`.
    public func path(_ name: String) throws -> String { try path(of: ref(name)) }

    /// The image in HDU `hdu` of `ref`'s FITS file, with its header and stored pixel type.
    public func image(of ref: DatasetRef, hdu: Int = 0) throws -> TaskImage {
        let file = try FITSFile(try path(of: ref))
        defer { try? file.close() }
        let count = try file.hduCount()
        guard hdu >= 0, hdu < count else {
            throw PipelineError.quantumFailed("\(label): \(ref.datasetType) \(ref.dataId) has \(count) HDU\(count == 1 ? "" : "s"), no HDU \(hdu)")
        }
        let pixelType = try file.info(at: hdu).pixelType ?? .float64
        return TaskImage(pixels: try file.image(at: hdu), header: try file.header(at: hdu), pixelType: pixelType)
    }

    /// The image of the one dataset of input connection `name`.
    public func image(_ name: String, hdu: Int = 0) throws -> TaskImage { try image(of: ref(name), hdu: hdu) }

    /// The object the datastore reads for the one dataset of `name` (structured data, text, bytes, an image).
    public func object(_ name: String) throws -> DatasetObject {
        let ref = try ref(name)
        return try butler.get(ref.path != nil ? ref : butler.find(ref.datasetType, dataId: ref.dataId, collections: [ref.run]))
    }

    /// The structured data (YAML or JSON) of the one dataset of `name`.
    public func structured(_ name: String) throws -> JSONValue {
        switch try object(name) {
        case .structured(let value): return value
        case .text(let text): return try JSONValue(parsing: Data(text.utf8))
        default: throw PipelineError.quantumFailed("\(label): input \(name) is not structured data")
        }
    }

    // MARK: Outputs

    /// Hands over `image` as output connection `name` (written as a FITS primary HDU with its header).
    public func put(_ image: TaskImage, as name: String) throws {
        let ref = try outputRef(name)
        let path = staging + "/" + ref.id.uuidString + ".fits"
        // Synced by the committer, off the task's thread, just before the batch it belongs to is committed.
        let file = try FITSFile.create(path, overwrite: true, durable: false)
        do {
            try file.appendImage(image.pixels, storedAs: image.pixelType, scale: 1, zero: 0, header: image.header)
            try file.close()
        } catch {
            try? file.close()
            unlink(path)
            throw error
        }
        produced.append(ProducedOutput(connection: name, ref: ref, payload: .file(path)))
    }

    /// Hands over structured data as output connection `name`.
    public func put(structured value: JSONValue, as name: String) throws {
        produced.append(ProducedOutput(connection: name, ref: try outputRef(name), payload: .object(.structured(value))))
    }

    /// Hands over text as output connection `name`.
    public func put(text: String, as name: String) throws {
        produced.append(ProducedOutput(connection: name, ref: try outputRef(name), payload: .object(.text(text))))
    }

    /// Hands over a file the task wrote as output connection `name`; it is copied in, the task's file left alone.
    public func put(file: String, as name: String) throws {
        let ref = try outputRef(name)
        let ext = (file as NSString).pathExtension
        let path = staging + "/" + ref.id.uuidString + (ext.isEmpty ? "" : "." + ext)
        do { try FileManager.default.copyItem(atPath: file, toPath: path) } catch {
            throw PipelineError.quantumFailed("\(label): cannot stage \(file): \(error.localizedDescription)")
        }
        produced.append(ProducedOutput(connection: name, ref: ref, payload: .file(path)))
    }

    private func outputRef(_ name: String) throws -> DatasetRef {
        guard let refs = quantum.outputs[name], let ref = refs.first else {
            throw PipelineError.quantumFailed(
                "\(label): no output connection '\(name)'")
        }
        guard !produced.contains(where: { $0.connection == name }) else {
            throw PipelineError.quantumFailed("\(label): output \(name) was handed over twice")
        }
        return ref
    }
}
