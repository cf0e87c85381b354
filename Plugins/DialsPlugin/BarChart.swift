import Dials
import Foundation
import SciCore

/// A 1-D histogram drawn with block characters: one line per bin, its lower edge, a bar and its count.
struct BarChart {
    var title: String
    var low: Double
    var binWidth: Double
    var counts: [Double]
    var width: Int

    /// The widest bar `show --width` accepts, in characters.
    static let maximumWidth = 10_000

    init(row: DialsRow, width: Int) throws {
        guard case .array(let data)? = row["data"], let low = row["x_min"]?.doubleValue, let high = row["x_max"]?.doubleValue else {
            throw SciError("this row is not a 1-D histogram")
        }
        title = "\(row["me"]?.stringValue ?? "histogram")  run \(row["run_number"]?.plainText ?? "?") LS \(row["ls_number"]?.plainText ?? "?")"
            + "  entries \(row["entries"]?.plainText ?? "?")"
        self.low = low
        counts = data.map { $0.doubleValue ?? 0 }
        binWidth = counts.isEmpty ? 0 : (high - low) / Double(counts.count)
        self.width = min(max(width, 1), Self.maximumWidth)
    }

    func render() -> String {
        let peak = counts.max() ?? 0
        let edges = counts.indices.map { String(format: "%.6g", low + Double($0) * binWidth) }
        let edgeWidth = edges.map(\.count).max() ?? 0
        var text = title + "\n"
        for (index, count) in counts.enumerated() {
            // Eighths of a block, so small differences still show.
            // A negative count (which DIALS should not send) draws no bar rather than a negative length.
            let eighths = peak > 0 && count > 0 ? Int((min(count / peak, 1) * Double(width * 8)).rounded()) : 0
            let bar = String(repeating: "█", count: eighths / 8) + (eighths % 8 > 0 ? String(Self.partial[eighths % 8]) : "")
            let edge = String(repeating: " ", count: edgeWidth - edges[index].count) + edges[index]
            text += "\(edge) │\(bar) \(Self.number(count))\n"
        }
        return text
    }

    /// A count as text: whole numbers without a fraction; those too large for an integer as the double they are
    /// (`Int(1e300)` would trap).
    static func number(_ value: Double) -> String {
        if value.rounded() == value, let whole = Int(exactly: value) { return String(whole) }
        return String(value)
    }

    private static let partial: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
}
