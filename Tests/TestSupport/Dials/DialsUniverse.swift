import Foundation
import SciCore

/// The data a DIALS fixture serves, generated from a seed rather than stored: datasets, a file per run, runs with
/// 10 to 90 lumisections each, 1-D and 2-D histograms of every monitoring element in every lumisection, ML models
/// and the lumisections they flag. Every value is a pure function of the seed and the row's position.
public struct DialsUniverse: Sendable {
    /// The seed all values derive from.
    public let seed: UInt64
    /// Runs in each dataset.
    public let runsPerDataset: Int

    /// A monitoring element: a histogram DIALS ingests.
    public struct MonitoringElement: Sendable {
        public var id: Int
        public var name: String
        public var dim: Int
        var xMin: Double, xMax: Double, bins: Int
    }

    /// An ML model of the ML endpoints.
    public struct Model: Sendable {
        public var id: Int
        public var name: String
        public var meID: Int
        public var active: Bool
    }

    let datasetNames = [
        "/ZeroBias/Run2024B-PromptReco-v1/DQMIO", "/ZeroBias/Run2024C-PromptReco-v1/DQMIO",
        "/StreamExpress/Run2024C-Express-v1/DQMIO", "/JetMET0/Run2024D-PromptReco-v1/DQMIO",
    ]
    public let elements: [MonitoringElement] = [
        .init(id: 1, name: "PixelPhase1/Tracks/PXBarrel/charge_PXLayer_1", dim: 1, xMin: 0, xMax: 80000, bins: 50),
        .init(id: 2, name: "PixelPhase1/Tracks/PXBarrel/charge_PXLayer_2", dim: 1, xMin: 0, xMax: 80000, bins: 50),
        .init(id: 3, name: "PixelPhase1/Tracks/PXBarrel/charge_PXLayer_3", dim: 1, xMin: 0, xMax: 80000, bins: 50),
        .init(id: 4, name: "EcalBarrel/EBOccupancyTask/EBOT digi occupancy", dim: 1, xMin: -85, xMax: 85, bins: 34),
        .init(id: 5, name: "JetMET/Jet/Cleanedak4PFJetsCHS/Pt", dim: 1, xMin: 0, xMax: 500, bins: 50),
        .init(id: 6, name: "CSC/CSCOfflineMonitor/Segments/hSnSegments", dim: 1, xMin: 0, xMax: 20, bins: 20),
        .init(id: 7, name: "PixelPhase1/Tracks/PXBarrel/clusterposition_zphi_PXLayer_1", dim: 2, xMin: -30, xMax: 30, bins: 20),
        .init(id: 8, name: "EcalEndcap/EEOccupancyTask/EEOT digi occupancy EE +", dim: 2, xMin: 0, xMax: 100, bins: 20),
        .init(id: 9, name: "CSC/CSCOfflineMonitor/Occupancy/hOStripsAndWiresAndCLCT", dim: 2, xMin: 0, xMax: 20, bins: 16),
    ]
    public let models: [Model] = [
        .init(id: 19, name: "pixel-charge-ae", meID: 2, active: true),
        .init(id: 20, name: "ecal-occupancy-ae", meID: 8, active: true),
        .init(id: 21, name: "jet-pt-pca", meID: 5, active: false),
    ]

    /// A universe; 1000 runs per dataset give about 200,000 lumisections.
    public init(seed: UInt64 = 1, runsPerDataset: Int = 1000) {
        self.seed = seed
        self.runsPerDataset = runsPerDataset
    }

    var datasetCount: Int { datasetNames.count }
    var elements1D: [MonitoringElement] { elements.filter { $0.dim == 1 } }
    var elements2D: [MonitoringElement] { elements.filter { $0.dim == 2 } }

    /// splitmix64 of the seed and a position: the one source of every generated value.
    func mix(_ values: Int...) -> UInt64 {
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        for value in values {
            state ^= UInt64(bitPattern: Int64(value)) &* 0xBF58_476D_1CE4_E5B9
            state = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
            state = (state ^ (state >> 27)) &* 0x94D0_49BB_1331_11EB
            state ^= state >> 31
        }
        return state
    }

    // MARK: Keys

    func datasetID(_ d: Int) -> Int { 14_677_060 + d * 17 }
    func datasetIndex(id: Int) -> Int? {
        let offset = id - 14_677_060
        guard offset >= 0, offset % 17 == 0, offset / 17 < datasetCount else { return nil }
        return offset / 17
    }
    func runNumber(_ d: Int, _ r: Int) -> Int { 380_000 + d * runsPerDataset + r }
    func runIndex(_ d: Int, number: Int) -> Int? {
        let r = number - 380_000 - d * runsPerDataset
        return r >= 0 && r < runsPerDataset ? r : nil
    }
    func lumisections(_ d: Int, _ r: Int) -> Int { 10 + Int(mix(1, d, r) % 81) }
    func fileID(_ d: Int, _ r: Int) -> Int { 3_393_800_000 + d * 100_000 + r }
    func fileName(_ d: Int, _ r: Int) -> String {
        let run = String(format: "%06d", runNumber(d, r))
        let parts = datasetNames[d].split(separator: "/")
        return "/store/data/\(parts[1].split(separator: "-")[0])/\(parts[0])/DQMIO/\(parts[1].split(separator: "-").dropFirst().joined(separator: "-"))/000/"
            + "\(run.prefix(3))/\(run.suffix(3))/00000/\(String(mix(2, d, r), radix: 16)).root"
    }
    func fileSize(_ d: Int, _ r: Int) -> Int { 1_000_000 + Int(mix(3, d, r) % 900_000_000) }
    func fileFailed(_ d: Int, _ r: Int) -> Bool { mix(4, d, r) % 50 == 0 }
    func entries(_ d: Int, _ r: Int, _ l: Int, _ me: Int) -> Int { Int(mix(5, d, r, l, me) % 5000) }
    func isBad(model: Int, _ d: Int, _ r: Int, _ l: Int) -> Bool { mix(6, model, d, r, l) % 40 == 0 }
    func metricValue(model: Int, _ d: Int, _ r: Int, _ l: Int) -> Double { Double(mix(7, model, d, r, l) % 1_000_000) / 1000 }

    // MARK: Rows

    func datasetRow(_ d: Int) -> [String: JSONValue] {
        let name = datasetNames[d]
        let parts = name.split(separator: "/").map(String.init)
        let processed = parts[1]
        return [
            "dataset_id": .int(Int64(datasetID(d))), "dataset": .string(name), "era": .string(String(processed.prefix(8))),
            "data_tier": .string(parts[2]), "primary_ds_name": .string(parts[0]), "processed_ds_name": .string(processed),
            "processing_version": .int(1), "last_modification_date": .string("2024-0\(d + 5)-01T12:00:00Z"),
        ]
    }

    func fileRow(_ d: Int, _ r: Int) -> [String: JSONValue] {
        let failed = fileFailed(d, r)
        return [
            "dataset_id": .int(Int64(datasetID(d))), "dataset": .string(datasetNames[d]), "file_id": .int(Int64(fileID(d, r))),
            "file_size": .int(Int64(fileSize(d, r))), "creation_date": .string("2024-0\(d + 5)-02T08:00:00Z"),
            "last_modification_date": .string("2024-0\(d + 5)-03T08:00:00Z"), "logical_file_name": .string(fileName(d, r)),
            "status": .string(failed ? "FAILED_INGESTION" : "FINISHED"),
            "err_trace": failed ? .string("Traceback: ROOT file truncated") : .null,
        ]
    }

    func runRow(_ d: Int, _ r: Int) -> [String: JSONValue] {
        let count = lumisections(d, r)
        // Some runs were never checked for completeness: the key is there with null, as DIALS sends it.
        let completeness: JSONValue = r % 7 == 3 ? .null : .double(r % 11 == 0 ? 0.75 : 1.0)
        return [
            "dataset_id": .int(Int64(datasetID(d))), "dataset": .string(datasetNames[d]), "run_number": .int(Int64(runNumber(d, r))),
            "ls_count": .int(Int64(count)), "ls_completeness": completeness,
        ]
    }

    func lumiRow(_ d: Int, _ r: Int, _ l: Int) -> [String: JSONValue] {
        [
            "dataset_id": .int(Int64(datasetID(d))), "dataset": .string(datasetNames[d]), "run_number": .int(Int64(runNumber(d, r))),
            "ls_number": .int(Int64(l + 1)), "th1_count": .int(Int64(elements1D.count)), "th2_count": .int(Int64(elements2D.count)),
        ]
    }

    /// A histogram of element `me` in lumisection `l`: a Gaussian peak whose place and width are the element's, filled
    /// with `entries` counts.
    func histogramRow(_ d: Int, _ r: Int, _ l: Int, _ me: MonitoringElement) -> [String: JSONValue] {
        let total = entries(d, r, l, me.id)
        var row: [String: JSONValue] = [
            "dataset": .string(datasetNames[d]), "me": .string(me.name), "dataset_id": .int(Int64(datasetID(d))),
            "file_id": .int(Int64(fileID(d, r))), "run_number": .int(Int64(runNumber(d, r))), "ls_number": .int(Int64(l + 1)),
            "me_id": .int(Int64(me.id)), "x_min": .double(me.xMin), "x_max": .double(me.xMax), "x_bin": .int(Int64(me.bins)),
            "entries": .int(Int64(total)),
        ]
        let shift = Double(mix(8, d, r, l) % 100) / 1000
        func peak(_ i: Int, _ bins: Int) -> Double {
            let x = (Double(i) + 0.5) / Double(bins)
            return exp(-pow((x - 0.4 - shift) / 0.12, 2) / 2)
        }
        if me.dim == 1 {
            let weights = (0..<me.bins).map { peak($0, me.bins) }
            let sum = weights.reduce(0, +)
            row["data"] = .array(weights.map { .double((Double(total) * $0 / sum).rounded()) })
        } else {
            row["y_min"] = .double(me.xMin)
            row["y_max"] = .double(me.xMax)
            row["y_bin"] = .int(Int64(me.bins))
            let weights = (0..<me.bins).map { y in (0..<me.bins).map { x in peak(x, me.bins) * peak(y, me.bins) } }
            let sum = weights.joined().reduce(0, +)
            row["data"] = .array(weights.map { .array($0.map { .double((Double(total) * $0 / sum).rounded()) }) })
        }
        return row
    }

    func meRow(_ me: MonitoringElement) -> [String: JSONValue] {
        let lumis = (0..<datasetCount).reduce(0) { sum, d in sum + (0..<runsPerDataset).reduce(0) { $0 + lumisections(d, $1) } }
        return ["me_id": .int(Int64(me.id)), "me": .string(me.name), "count": .int(Int64(lumis)), "dim": .int(Int64(me.dim))]
    }

    func modelRow(_ model: Model) -> [String: JSONValue] {
        let me = elements.first { $0.id == model.meID }!
        return [
            "id": .int(Int64(model.id)), "name": .string(model.name), "revision": .int(Int64(model.id % 3 + 1)), "ready": .bool(true),
            "active": .bool(model.active), "type": .string(model.id == 21 ? "pca" : "autoencoder"),
            "anomaly_threshold": model.id == 21 ? .null : .double(0.5), "builtin_threshold": .bool(model.id == 21),
            "description": .string("flags lumisections whose \(me.name) looks unusual"),
            "flagging_key": model.id == 21 ? .null : .string("mse"),
            "input_signature": .array([.object(["me": .string(me.name), "dim": .int(Int64(me.dim))])]),
            "metric_key": model.id == 21 ? .null : .string("mse"),
            "output_signature": .array([.object(["name": .string("mse"), "dtype": .string("float")])]),
            "tags": model.id == 20 ? .null : .array([.object(["name": .string("subsystem"), "value": .string(me.name.split(separator: "/")[0].description)])]),
            "isvc_service_name": .string(model.name), "isvc_yaml": .null, "created_by": .string("dials-bot"),
            "modified_by": .string("dials-bot"), "created_at": .string("2024-07-01T10:00:00Z"), "modified_at": .string("2024-07-02T10:00:00Z"),
        ]
    }

    func badLumiRow(model m: Int, _ d: Int, _ r: Int, _ l: Int) -> [String: JSONValue] {
        [
            "model_id": .int(Int64(models[m].id)), "dataset_id": .int(Int64(datasetID(d))), "run_number": .int(Int64(runNumber(d, r))),
            "ls_number": .int(Int64(l + 1)), "metric_value": .double(metricValue(model: m, d, r, l)),
        ]
    }
}
