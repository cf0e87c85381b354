import SciCore

/// Walks the rows of one listing route in key order — dataset, run, lumisection, monitoring element (models first
/// for the ML routes) — skipping whole datasets and runs a filter rules out. A position is four indices.
struct DialsFixtureScan {
    private enum Kind { case datasetIndex, fileIndex, run, lumi, h1d, h2d, models, badLumis }
    private let kind: Kind
    private let u: DialsUniverse

    init?(route: String, universe: DialsUniverse) {
        u = universe
        switch route {
        case "dataset-index": kind = .datasetIndex
        case "file-index": kind = .fileIndex
        case "run": kind = .run
        case "lumisection": kind = .lumi
        case "th1": kind = .h1d
        case "th2": kind = .h2d
        case "ml-models-index": kind = .models
        case "ml-bad-lumisection": kind = .badLumis
        default: return nil
        }
    }

    private var depth: Int {
        switch kind {
        case .datasetIndex, .models: return 1
        case .fileIndex, .run: return 2
        case .lumi: return 3
        case .h1d, .h2d, .badLumis: return 4
        }
    }

    private var histogramElements: [DialsUniverse.MonitoringElement] { kind == .h2d ? u.elements2D : u.elements1D }

    /// Visits every position from `start` whose row passes `filters`, until `visit` returns false.
    func run(from start: [Int], filters: DialsFixtureQuery, visit: ([Int]) -> Bool) {
        // Text filters are evaluated once per dataset, element and model, not once per row.
        let datasetOK = (0..<u.datasetCount).map {
            filters.allows("dataset_id", u.datasetID($0)) && filters.allows("dataset", text: u.datasetNames[$0])
        }
        let elementOK = histogramElements.map { filters.allows("me_id", $0.id) && filters.allows("me", text: $0.name) }
        let modelOK = u.models.map { model -> Bool in
            let me = u.elements.first { $0.id == model.meID }!
            if kind == .badLumis {
                return filters.allows("model_id", model.id) && filters.allows("me_id", me.id) && filters.allows("me", text: me.name)
            }
            let row = u.modelRow(model)
            let tags: [JSONValue] = { if case .array(let tags)? = row["tags"] { return tags } else { return [] } }()
            if filters.has("tag_name") && !tags.contains(where: { $0["name"]?.stringValue == filters.values["tag_name"] }) { return false }
            if filters.has("tag_value") && !tags.contains(where: { $0["value"]?.stringValue == filters.values["tag_value"] }) { return false }
            return filters.allows("id", model.id) && filters.allows("name", text: model.name)
                && filters.allows("active", bool: model.active) && filters.allows("ready", bool: true)
                && filters.allows("type", text: row["type"]?.stringValue ?? "")
                && filters.allows("input_signature_contains_me", text: me.name)
        }

        func count(_ level: Int, _ p: [Int]) -> Int {
            switch (kind, level) {
            case (.models, 0), (.badLumis, 0): return u.models.count
            case (.badLumis, 1), (_, 0): return u.datasetCount
            case (.badLumis, 2), (_, 1): return u.runsPerDataset
            case (.badLumis, 3): return u.lumisections(p[1], p[2])
            case (_, 2): return u.lumisections(p[0], p[1])
            default: return histogramElements.count
            }
        }

        func accept(_ level: Int, _ p: [Int]) -> Bool {
            switch (kind, level) {
            case (.models, 0), (.badLumis, 0): return modelOK[p[0]]
            case (.badLumis, 1), (_, 0): return datasetOK[p[level]]
            case (.badLumis, 2): return filters.allows("run_number", u.runNumber(p[1], p[2]))
            case (.badLumis, 3): return filters.allows("ls_number", p[3] + 1) && u.isBad(model: p[0], p[1], p[2], p[3])
            case (.fileIndex, 1):
                return filters.allows("logical_file_name", text: u.fileName(p[0], p[1]))
                    && filters.allows("status", text: u.fileFailed(p[0], p[1]) ? "FAILED_INGESTION" : "FINISHED")
                    && (filters.int("min_size").map { u.fileSize(p[0], p[1]) >= $0 } ?? true)
            case (_, 1):
                guard filters.allows("run_number", u.runNumber(p[0], p[1])) else { return false }
                guard kind == .h1d || kind == .h2d else { return true }
                return filters.allows("file_id", u.fileID(p[0], p[1]))
                    && (!filters.has("logical_file_name", "logical_file_name__regex")
                        || filters.allows("logical_file_name", text: u.fileName(p[0], p[1])))
            case (_, 2): return filters.allows("ls_number", p[2] + 1)
            default:
                guard elementOK[p[3]] else { return false }
                return filters.allows("entries", u.entries(p[0], p[1], p[2], histogramElements[p[3]].id))
            }
        }

        var position = [0, 0, 0, 0]
        func level(_ k: Int, fromStart: Bool) -> Bool {
            let n = count(k, position)
            let begin = fromStart ? start[k] : 0
            var i = begin
            while i < n {
                position[k] = i
                if accept(k, position) {
                    if k == depth - 1 {
                        if !visit(position) { return false }
                    } else if !level(k + 1, fromStart: fromStart && i == begin) {
                        return false
                    }
                }
                i += 1
            }
            for deeper in k..<4 { position[deeper] = 0 }
            return true
        }
        _ = level(0, fromStart: true)
    }

    /// The row at a position.
    func row(_ p: [Int]) -> [String: JSONValue] {
        switch kind {
        case .datasetIndex: return u.datasetRow(p[0])
        case .fileIndex: return u.fileRow(p[0], p[1])
        case .run: return u.runRow(p[0], p[1])
        case .lumi: return u.lumiRow(p[0], p[1], p[2])
        case .h1d, .h2d: return u.histogramRow(p[0], p[1], p[2], histogramElements[p[3]])
        case .models: return u.modelRow(u.models[p[0]])
        case .badLumis: return u.badLumiRow(model: p[0], p[1], p[2], p[3])
        }
    }

    /// The object a `get` path names, or nil.
    func object(keys: [String]) -> [String: JSONValue]? {
        let numbers = keys.compactMap { Int($0) }
        guard numbers.count == keys.count else { return nil }
        func run(_ datasetID: Int, _ number: Int) -> (Int, Int)? {
            guard let d = u.datasetIndex(id: datasetID), let r = u.runIndex(d, number: number) else { return nil }
            return (d, r)
        }
        switch (kind, numbers.count) {
        case (.datasetIndex, 1):
            return u.datasetIndex(id: numbers[0]).map(u.datasetRow)
        case (.fileIndex, 2):
            guard let d = u.datasetIndex(id: numbers[0]) else { return nil }
            let r = numbers[1] - u.fileID(d, 0)
            return r >= 0 && r < u.runsPerDataset ? u.fileRow(d, r) : nil
        case (.run, 2):
            return run(numbers[0], numbers[1]).map { u.runRow($0.0, $0.1) }
        case (.lumi, 3):
            guard let (d, r) = run(numbers[0], numbers[1]), numbers[2] >= 1, numbers[2] <= u.lumisections(d, r) else { return nil }
            return u.lumiRow(d, r, numbers[2] - 1)
        case (.h1d, 4), (.h2d, 4):
            guard let (d, r) = run(numbers[0], numbers[1]), numbers[2] >= 1, numbers[2] <= u.lumisections(d, r),
                  let me = histogramElements.first(where: { $0.id == numbers[3] }) else { return nil }
            return u.histogramRow(d, r, numbers[2] - 1, me)
        case (.models, 1):
            return u.models.first { $0.id == numbers[0] }.map(u.modelRow)
        case (.badLumis, 4):
            guard let m = u.models.firstIndex(where: { $0.id == numbers[0] }), let (d, r) = run(numbers[1], numbers[2]),
                  numbers[3] >= 1, numbers[3] <= u.lumisections(d, r), u.isBad(model: m, d, r, numbers[3] - 1) else { return nil }
            return u.badLumiRow(model: m, d, r, numbers[3] - 1)
        default:
            return nil
        }
    }
}
