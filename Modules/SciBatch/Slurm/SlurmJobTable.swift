/// Slurm's view of its jobs, from one `scontrol show job -o` (one line per job; no accounting database needed).
/// Array elements are keyed `<array id>_<element>`; a pending array not yet split (`ArrayTaskId=3-19`) gives
/// each element it covers.
public struct SlurmJobTable: Sendable, Equatable {
    /// A job's state and the reason Slurm gives.
    public struct Entry: Sendable, Equatable {
        /// `PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, `CANCELLED`, `TIMEOUT`, `PREEMPTED`, `NODE_FAIL`…
        public var state: String
        /// `None`, `Dependency`, `DependencyNeverSatisfied`, `TimeLimit`…
        public var reason: String

        /// An entry as scontrol gives it.
        public init(state: String, reason: String) {
            self.state = state
            self.reason = reason
        }

        /// `queued` or `running` while Slurm may still run it, else nil: what a status listing shows.
        public var progress: String? { isActive ? (state == "PENDING" ? "queued" : "running") : nil }

        /// Whether Slurm may still run it (or is running it).
        public var isActive: Bool {
            ["PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED",
             "RESIZING", "SIGNALING", "STAGE_OUT", "RESV_DEL_HOLD"].contains(state)
        }
    }
    /// Entries by job id (`<array id>_<element>` for array elements, else the id).
    public var jobs: [String: Entry]

    /// The entry of `job` (`<array id>_<element>` or an id), or of its whole array when the element has none.
    public func entry(for job: String) -> Entry? {
        if let entry = jobs[job] { return entry }
        guard let underscore = job.firstIndex(of: "_") else { return nil }
        return jobs["\(job[..<underscore])_*"]
    }

    /// Whether Slurm still knows other elements of the array `job` (`<array id>_<element>`) belongs to: an element
    /// missing from a known array was taken out of it while pending (scancel), not forgotten.
    public func knowsArray(of job: String) -> Bool {
        guard let underscore = job.firstIndex(of: "_") else { return false }
        let prefix = job[...underscore]
        return jobs.keys.contains { $0.hasPrefix(prefix) && $0 != job }
    }

    /// Parses `scontrol show job -o` output; lines it cannot read are skipped.
    public init(scontrol text: String) {
        var jobs: [String: Entry] = [:]
        for line in text.split(separator: "\n") {
            var fields: [String: String] = [:]
            for word in line.split(separator: " ") {
                guard let equals = word.firstIndex(of: "=") else { continue }
                let key = String(word[..<equals])
                // The first of a key wins: later free text (a command's arguments) cannot override it.
                if fields[key] == nil { fields[key] = String(word[word.index(after: equals)...]) }
            }
            guard let id = fields["JobId"], let state = fields["JobState"] else { continue }
            let entry = Entry(state: state, reason: fields["Reason"] ?? "None")
            if let array = fields["ArrayJobId"], let tasks = fields["ArrayTaskId"] {
                // An array cancelled before it was split shows ArrayTaskId=4294967294 (no value): it speaks for
                // every element without a record of its own.
                if let task = UInt64(tasks), task >= 4_294_967_294 {
                    jobs["\(array)_*"] = entry
                    continue
                }
                for task in Self.elements(tasks) { jobs["\(array)_\(task)"] = entry }
            } else {
                jobs[id] = entry
            }
        }
        self.jobs = jobs
    }

    /// `3`, `3-19`, `0-19%4`, `1,3,5-7` → the element numbers (at most 1,000,000, so a bad line cannot eat memory).
    static func elements(_ text: String) -> [Int] {
        var result: [Int] = []
        let list = text.split(separator: "%").first ?? ""
        for part in list.split(separator: ",") {
            let bounds = part.split(separator: "-", maxSplits: 1).map { Int($0) }
            guard let low = bounds.first ?? nil else { continue }
            let high = bounds.count == 2 ? (bounds[1] ?? low) : low
            guard low >= 0, high >= low, high - low < 1_000_000 - result.count else { continue }
            result += Array(low...high)
        }
        return result
    }
}
