import Foundation

/// Memory figures of this process from `/proc/self/status`.
public enum ProcessMemory {
    /// The resident set size now, in bytes.
    public static var residentBytes: Int64 { field("VmRSS") }
    /// The highest resident set size so far, in bytes.
    public static var peakResidentBytes: Int64 { field("VmHWM") }

    private static func field(_ name: String) -> Int64 {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.split(separator: " ").dropFirst().first ?? "0"
            return (Int64(digits) ?? 0) * 1024
        }
        return 0
    }
}
