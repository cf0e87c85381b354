/// How records are printed: an aligned table for people, JSON for programs, JSON lines and CSV for streams.
public enum OutputFormat: String, CaseIterable, Sendable, Codable {
    case table, json, jsonl, csv

    /// `table` when standard output is a terminal, `json` otherwise, as users of data tools expect.
    public static func automatic(isTerminal: Bool) -> OutputFormat { isTerminal ? .table : .json }
}
