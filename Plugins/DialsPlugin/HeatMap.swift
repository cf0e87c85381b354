import Dials
import Foundation
import SciCore

/// A 2-D histogram drawn as shades, one character per bin, the highest y row on top (as ROOT draws it), with the
/// axis ranges and a legend of the shades.
struct HeatMap {
    var title: String
    var x: (low: Double, high: Double)
    var y: (low: Double, high: Double)
    /// `counts[y][x]`, as DIALS sends `data`.
    var counts: [[Double]]

    init(row: DialsRow) throws {
        guard case .array(let data)? = row["data"], let xLow = row["x_min"]?.doubleValue, let xHigh = row["x_max"]?.doubleValue,
              let yLow = row["y_min"]?.doubleValue, let yHigh = row["y_max"]?.doubleValue
        else { throw SciError("this row is not a 2-D histogram") }
        title = "\(row["me"]?.stringValue ?? "histogram")  run \(row["run_number"]?.plainText ?? "?") LS \(row["ls_number"]?.plainText ?? "?")"
            + "  entries \(row["entries"]?.plainText ?? "?")"
        x = (xLow, xHigh)
        y = (yLow, yHigh)
        counts = data.map { line in
            guard case .array(let cells) = line else { return [] }
            return cells.map { $0.doubleValue ?? 0 }
        }
    }

    func render() -> String {
        let peak = counts.joined().max() ?? 0
        let top = String(format: "%.6g", y.high), bottom = String(format: "%.6g", y.low)
        let margin = max(top.count, bottom.count)
        func label(_ text: String) -> String { String(repeating: " ", count: margin - text.count) + text }
        var text = title + "\n"
        for (index, line) in counts.enumerated().reversed() {
            let axis = index == counts.count - 1 ? label(top) : index == 0 ? label(bottom) : String(repeating: " ", count: margin)
            // Shades scale with the count; an empty bin stays blank so structure shows against it.
            let cells = line.map { count -> Character in
                guard peak > 0, count > 0 else { return " " }
                return Self.shades[min(Self.shades.count - 1, Int(min(count / peak, 1) * Double(Self.shades.count - 1)) + 1)]
            }
            text += "\(axis) │\(String(cells))│\n"
        }
        let width = counts.map(\.count).max() ?? 0
        let left = String(format: "%.6g", x.low), right = String(format: "%.6g", x.high)
        text += String(repeating: " ", count: margin) + " └" + String(repeating: "─", count: width) + "┘\n"
        text += String(repeating: " ", count: margin + 2) + left
            + String(repeating: " ", count: max(1, width - left.count - right.count + 1)) + right + "\n"
        text += "shades: ' ' empty, " + Self.shades.dropFirst().map(String.init).joined() + " up to \(BarChart.number(peak))\n"
        return text
    }

    private static let shades: [Character] = [" ", "·", "░", "▒", "▓", "█"]
}
