// Uses each sci module the way its seed uses the Python client, and checks what comes back.
import AstroPipeline
import Butler
import Dials
import Foundation
import Henry
import HippoServer
import SciCore
import Tiled

/// Stops with a message when a check fails.
func check(_ condition: Bool, _ what: String) {
    if !condition {
        FileHandle.standardError.write(Data("FAIL: \(what)\n".utf8))
        exit(1)
    }
}

let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lab-tool-\(getpid())").path
try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: scratch) }

// AstroPipeline: a star field, then SExtractor and a Swift step that reads what it made.
var field = StarField()
field.images = 1
try field.write(to: "\(scratch)/data")
let pipeline = try Pipeline(paths: PipelinePaths(["temp": "tmp", "log": "log"]), workingDirectory: scratch)
try pipeline.addStep(
    AstromaticRun(
        .sextractor, files: ["data/img0.fits"], config: ["CATALOG_NAME": "tmp/img0.cat", "CATALOG_TYPE": "FITS_LDAC"],
        parameters: ["NUMBER", "XWIN_IMAGE", "YWIN_IMAGE", "FLUX_AUTO", "FLAGS"]), name: "detect")
try pipeline.addStep(name: "measure", inputs: ["tmp/img0.cat"]) { context in
    let size = (try? FileManager.default.attributesOfItem(atPath: context.resolve("tmp/img0.cat"))[.size] as? Int) ?? 0
    return StepResult(status: size > 0 ? .success : .error, message: size > 0 ? nil : "empty catalog")
}
try await pipeline.run()
let detected = pipeline.results["detect"]?.counts["NSextracted"]?.doubleValue ?? 0
check(pipeline.results["measure"]?.status == .success && detected > 20, "pipeline: \(detected) sources")
print("AstroPipeline: SExtractor found \(Int(detected)) of \(field.stars) stars")

// Butler: a repository, the image ingested by data id, and a where-query that finds it.
let butler = try Butler.create(root: "\(scratch)/repo")
try butler.registry.registerDatasetType(DatasetType(name: "raw", dimensions: ["instrument", "exposure"], storageClass: "ImageF"))
try butler.ingest(
    [FileToIngest(path: "\(scratch)/data/img0.fits", dataId: ["instrument": "Lab", "exposure": 7])], datasetType: "raw",
    run: "lab/raw", transfer: .copy, createRecords: true)
var found: [DatasetRef] = []
try butler.registry.queryDatasets("raw", collections: ["lab/raw"], where: "instrument = 'Lab' AND exposure > 5") { found.append($0) }
check(found.count == 1, "butler: \(found.count) datasets found")
print("Butler: found \(found[0].id) at \(try butler.path(of: found[0]))")

// Henry: a registry started in-process, a map set pushed from the stack's header, then pulled into the cache.
var configuration = HippoServerConfiguration(root: "\(scratch)/hippo")
configuration.access = .none
let server = try await HippoServer(configuration: configuration)
let (port, serving) = try await server.start()
/// Pushes the image as a map set read from its own header and pulls it back; local `var`s, since a product is
/// pushed in place (`push(&product)` records its id).
func publish(image: String, host: String, cache: String) async throws {
    var settings = HenrySettings()
    settings.host = host
    settings.caches = [cache]
    let henry = try Henry(settings: settings)
    var product = try LocalProduct(name: "Lab field", description: "A synthetic star field", metadata: try .mapSet(fromFITS: image))
    try product.set("map", path: image, description: "the image")
    let id = try await henry.push(&product)
    let pulled = try await henry.pullProduct(id)
    check(FileManager.default.contentsEqual(atPath: pulled["map"]?.path ?? "", andPath: image), "henry: pulled bytes")
    print("Henry: pushed \(id), pulled \(pulled["map"]!.path!)")
}
try await publish(image: "\(scratch)/data/img0.fits", host: "http://127.0.0.1:\(port)", cache: "\(scratch)/cache")
serving.cancel()
_ = try? await serving.value
// Dials: a page of runs from the DIALS fixture the case started, with cmsdials' filters, then every page of them.
let dialsURL = ProcessInfo.processInfo.environment["DIALS_URL"] ?? ""
check(!dialsURL.isEmpty, "DIALS_URL names the DIALS fixture")
let dials = DialsClient(server: DialsServer(baseURL: dialsURL, workspace: "tracker"),
                        credentials: DialsCredentials.clientSecret(Secret("fixture-secret")))
var filters = DialsFilters(.run)
try filters.set("run_number__gte", 380_010)
try filters.set("run_number__lte", 380_030)
filters.pageSize = 5
let page = try await dials.list(filters)
check(page.rows.count == 5 && page.nextToken != nil, "dials: a page of 5 runs with a next page")
var runs: [Int] = []
for try await batch in dials.listAll(filters) { runs += batch.items.compactMap { $0["run_number"]?.intValue.map(Int.init) } }
check(runs.count >= 21 && runs.allSatisfy { (380_010...380_030).contains($0) }, "dials: \(runs.count) runs in every page")
print("Dials: \(page.rows.count) runs on the first page, \(runs.count) in all")

// Tiled: Bluesky runs on the Tiled server the case started, found by plan name and scan id.
let environment = ProcessInfo.processInfo.environment
check(environment["TILED_URL"] != nil, "TILED_URL names the Tiled server")
let tiled = try TiledClient(uri: environment["TILED_URL"]!, apiKey: environment["TILED_API_KEY"].map { Secret($0) })
let scans = try await tiled.search("", Query([.specs(include: ["BlueskyRun"]), .eq("start.plan_name", "scan")]))
check(scans.count == 1 && scans[0].metadata["start"]?["scan_id"] == .int(2), "tiled: \(scans.count) scan runs")
let later = try await tiled.search("", Query([.comparison(.ge, "start.scan_id", .int(2))]), sort: [SortKey("start.scan_id", descending: true)])
check(later.compactMap { $0.metadata["start"]?["scan_id"]?.intValue } == [3, 2], "tiled: runs with scan_id >= 2, newest first")
let night = try await tiled.runs(since: ISO8601DateFormatter().date(from: "2023-11-14T23:30:00Z"),
                                 until: ISO8601DateFormatter().date(from: "2023-11-15T01:30:00+01:00"))
check(night.map(\.planName) == ["scan"] && night[0].exitStatus == "success", "tiled: runs in a time range")
let streams = try await tiled.streams(of: night[0].path)
let descriptors = try await tiled.descriptors(of: night[0].path)
let primary = try await tiled.streamData(of: night[0].path)
check(streams == ["primary"] && descriptors.first?["data_keys"]?["det1"] != nil, "tiled: streams and descriptors")
check(primary.columns.contains("det1") && primary.rowCount == 3, "tiled: the primary stream as a table")
print("Tiled: found \(scans[0].path) by plan name; \(later.count) runs with scan_id >= 2; \(night[0].uid ?? "?") "
      + "in a time range, its primary stream \(primary.rowCount) events of \(primary.columns.joined(separator: ","))")

// Tiled writing: a container with metadata, an array in it, a metadata update, all read back.
let lab = try await tiled.createContainer("lab-\(getpid())", metadata: ["sample": "Si", "temperature": 295.0])
let ramp = try ArrayData(shape: [2, 3], dataType: DataType(kind: "f", itemSize: 8),
                         bytes: [0.5, 1.5, 2.5, 3.5, 4.5, 5.5].withUnsafeBytes { Data($0) })
try await tiled.writeArray(ramp, key: "ramp", in: lab.path, metadata: ["unit": "K"])
try await tiled.updateMetadata(lab.path, merging: ["temperature": 300.0, "sample": nil])
try await tiled.writeTable(Table(columns: ["time", "det1"], values: ["time": [1, 2, 3], "det1": [0.5, 1.5, 2.5]]), key: "scan", in: lab.path)
let scan = try await tiled.readTable(lab.path + "/scan")
check(scan.values["det1"] == [0.5, 1.5, 2.5] && scan.values["time"] == [1, 2, 3], "tiled: the written table reads back: \(scan.values)")
let back = try await tiled.readArray(lab.path + "/ramp")
let relabelled = try await tiled.node(lab.path)
let values = try back.doubles()
check(back.shape == [2, 3] && values == [0.5, 1.5, 2.5, 3.5, 4.5, 5.5], "tiled: the written array reads back")
check(relabelled.metadata.count == 1 && relabelled.metadata["temperature"]?.doubleValue == 300, "tiled: merged metadata \(relabelled.metadata)")
print("Tiled: wrote \(lab.path)/ramp and \(lab.path)/scan and merged their container's metadata")

print("library consumer: ok")
