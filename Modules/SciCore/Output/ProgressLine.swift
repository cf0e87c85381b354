import Foundation

/// One progress bar's state and its rendering, shared by the single bar and the board of bars.
struct ProgressLine: Sendable {
    var label = ""
    var total: Int64?
    var unit = ProgressUnit.bytes
    var completed: Int64 = 0
    var started = Date()

    /// The bar's text: label, bar, count and total, ETA, rate.
    func render(now: Date, width: Int) -> String {
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(completed) / elapsed
        var text = label.isEmpty ? "" : "\(label) "
        if let total, total > 0 {
            // Totals and counts come from servers and files: every conversion below is bounded first, so a claimed
            // size of Int64.max or a count past the total draws a full bar and no ETA rather than a trap.
            let fraction = min(1, max(0, Double(completed) / Double(total)))
            let filled = Int(fraction * Double(width))
            text += "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            text += "\(Self.format(completed, unit))/\(Self.format(total, unit))"
            let eta = (Double(total) - Double(completed)) / rate
            if rate > 0, completed < total, eta < 1e9 {
                text += " ETA \(Int(eta.rounded()))s"
            }
        } else {
            text += Self.format(completed, unit)
        }
        text += " \(Self.format(Int64(min(max(rate, 0), 9e18)), unit))/s"
        return text
    }

    private static func format(_ count: Int64, _ unit: ProgressUnit) -> String {
        guard unit == .bytes else { return String(count) }
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var index = 0
        while value >= 1024, index < units.count - 1 {
            value /= 1024
            index += 1
        }
        return index == 0 ? "\(count) B" : String(format: "%.1f", value) + " " + units[index]
    }
}
