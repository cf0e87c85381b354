import Foundation
import SciCore

/// The fixture's CMS OMS behind DIALS' `oms-proxy/`: OMS's `runs` and `lumisections` endpoints as JSON:API documents
/// (`data` items of `id`, `type`, `attributes`; `meta.totalResourceCount`), with `filter[attr][OP]=value` conditions
/// and `page[offset]`/`page[limit]` paging (limit 10 by default, as OMS).
struct DialsFixtureOMS {
    let universe: DialsUniverse

    /// The answer to the proxy's query parameters; nil for an endpoint OMS does not have here.
    func answer(_ query: [String: String]) -> (value: JSONValue, status: Int) {
        var conditions: [(attribute: String, op: String, value: String)] = []
        for (name, value) in query where name.hasPrefix("filter[") {
            let parts = name.dropFirst("filter[".count).dropLast().components(separatedBy: "][")
            guard parts.count == 2 else { return error("malformed filter \(name)") }
            guard ["EQ", "NEQ", "LT", "GT", "LE", "GE", "LIKE"].contains(parts[1]) else { return error("unknown operator \(parts[1])") }
            conditions.append((parts[0], parts[1], value))
        }
        let offset = Int(query["page[offset]"] ?? "0") ?? -1
        let limit = Int(query["page[limit]"] ?? "10") ?? -1
        guard offset >= 0, (1...10_000).contains(limit) else { return error("page[offset] and page[limit] must be integers") }
        let type = query["endpoint"] ?? ""
        let rows: [[String: JSONValue]]
        switch type {
        case "runs":
            rows = (0..<universe.datasetCount).flatMap { d in (0..<universe.runsPerDataset).map { run(d, $0) } }
        case "lumisections":
            // OMS lists lumisections of one run at a time.
            guard let runText = conditions.first(where: { $0.attribute == "run_number" && $0.op == "EQ" })?.value,
                  let number = Int(runText),
                  let (d, r) = (0..<universe.datasetCount).lazy.compactMap({ d in universe.runIndex(d, number: number).map { (d, $0) } }).first
            else { return error("lumisections need filter[run_number][EQ]") }
            rows = (0..<universe.lumisections(d, r)).map { lumisection(d, r, $0) }
        default:
            return error("unknown OMS endpoint '\(type)'", status: 404)
        }
        let matching = rows.filter { row in conditions.allSatisfy { matches(row[$0.attribute], $0.op, $0.value) } }
        let page = matching.dropFirst(offset).prefix(limit)
        let idKey = type == "runs" ? "run_number" : "lumisection_number"
        let data = page.map { row -> JSONValue in
            .object(["id": .string(row[idKey]?.plainText ?? ""), "type": .string(type), "attributes": .object(row)])
        }
        return (.object([
            "data": .array(Array(data)),
            "meta": .object(["totalResourceCount": .int(Int64(matching.count))]),
            "links": .object([:]),
        ]), 200)
    }

    private func run(_ d: Int, _ r: Int) -> [String: JSONValue] {
        let number = universe.runNumber(d, r)
        let start = 1_714_557_600 + (number - 380_000) * 5400
        let duration = 600 + Int(universe.mix(8, d, r) % 20_000)
        let delivered = Double(universe.mix(9, d, r) % 500_000) / 1000
        return [
            "run_number": .int(Int64(number)), "fill_number": .int(Int64(9000 + (number - 380_000) / 4)),
            "start_time": .string(Self.iso(start)), "end_time": .string(Self.iso(start + duration)),
            "duration": .int(Int64(duration)), "delivered_lumi": .double(delivered), "recorded_lumi": .double(delivered * 0.93),
            "last_lumisection_number": .int(Int64(universe.lumisections(d, r))), "b_field": .double(3.8), "energy": .int(6800),
        ]
    }

    private func lumisection(_ d: Int, _ r: Int, _ l: Int) -> [String: JSONValue] {
        let start = 1_714_557_600 + (universe.runNumber(d, r) - 380_000) * 5400 + l * 23
        return [
            "run_number": .int(Int64(universe.runNumber(d, r))), "lumisection_number": .int(Int64(l + 1)),
            "start_time": .string(Self.iso(start)), "end_time": .string(Self.iso(start + 23)),
            "delivered_lumi": .double(Double(universe.mix(10, d, r, l) % 1000) / 10_000), "beams_stable": .bool(l % 13 != 0),
        ]
    }

    /// OMS compares numbers as numbers and text as text; LIKE takes `%` as any run of characters.
    private func matches(_ field: JSONValue?, _ op: String, _ text: String) -> Bool {
        guard let field else { return false }
        if op == "LIKE" {
            let pattern = "^" + NSRegularExpression.escapedPattern(for: text).replacingOccurrences(of: "%", with: ".*") + "$"
            return field.plainText.range(of: pattern, options: .regularExpression) != nil
        }
        let order: ComparisonResult
        if let number = Double(field.plainText), let wanted = Double(text) {
            order = number < wanted ? .orderedAscending : number > wanted ? .orderedDescending : .orderedSame
        } else {
            order = field.plainText.compare(text)
        }
        switch op {
        case "EQ": return order == .orderedSame
        case "NEQ": return order != .orderedSame
        case "LT": return order == .orderedAscending
        case "GT": return order == .orderedDescending
        case "LE": return order != .orderedDescending
        default: return order != .orderedAscending
        }
    }

    private func error(_ title: String, status: Int = 400) -> (value: JSONValue, status: Int) {
        (.object(["errors": .array([.object(["title": .string(title), "status": .string(String(status))])])]), status)
    }

    private static func iso(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
