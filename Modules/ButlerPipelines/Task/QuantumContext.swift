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
    /// Whether each output is synced to disk as it is written (`sci butler run --sync`).
    let durable: Bool
    /// Whether images handed over are written later, by `unwritten` (see `QuantumRunner.run(_:deferringWrites:)`).
    let defersWrites: Bool
    private(set) var produced: [ProducedOutput] = []
    /// The writes of images handed over but not yet written, when `defersWrites`.
    private(set) var unwritten: [@Sendable () throws -> Void] = []

    init(quantum: Quantum, connections: TaskConnections, butler: Butler, staging: String, durable: Bool, defersWrites: Bool = false) {
        self.label = quantum.task
        self.dataId = quantum.dataId
        self.quantum = quantum
        self.connections = connections
        self.butler = butler
        self.staging = staging
        self.durable = durable
        self.defersWrites = defersWrites
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
        // float32 stays Float: read with one read and no conversion, half the memory of Double.
        if pixelType == .float32 { return TaskImage(float32Pixels: try file.image(at: hdu, as: Float.self), header: try file.header(at: hdu)) }
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
        // A complete file under its final staging name before it is committed (a killed process loses nothing
        // committed); synced first only when asked. Deferred, the file is made here and only written later.
        if defersWrites { unwritten.append(try image.fileWrite(to: path, durable: durable)) } else { try image.write(to: path, durable: durable) }
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
        do {
            try FileManager.default.copyItem(atPath: file, toPath: path)
            if durable { try Self.sync(path) }
        } catch {
            unlink(path)
            throw PipelineError.quantumFailed("\(label): cannot stage \(file): \(error.localizedDescription)")
        }
        produced.append(ProducedOutput(connection: name, ref: ref, payload: .file(path)))
    }

    /// Syncs a staged file's bytes to disk.
    static func sync(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError.cannotWrite(path, errno: errno) }
        defer { close(descriptor) }
        guard fdatasync(descriptor) == 0 else { throw FileError.cannotWrite(path, errno: errno) }
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
