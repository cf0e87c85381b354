import Foundation
import SciCore

/// The lock a run holds on its pipeline's state (`pipeline.lock` beside `pipeline.json`): an flock on an open
/// file, so the kernel drops it when the run ends however it ends. The programs a run starts inherit the open
/// file, so a program that outlives a killed sci still holds the lock and a new run refuses to start beside it.
/// The file says who holds it: sci's pid, when it started and the programs running.
final class PipelineLock: Sendable {
    private struct Holder: Codable {
        var pid: Int32
        var started: Date
        var programs: [Interruption.Child]
    }

    /// The lock file.
    let path: String
    /// The open lock file, handed to the programs.
    let descriptor: Int32
    private let started = Date()

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Takes the lock, or says who holds it.
    static func acquire(_ path: String, pipeline: String) throws(PipelineError) -> PipelineLock {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .state("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? Data(contentsOf: URL(fileURLWithPath: path))).flatMap(decode)
            close(descriptor)
            throw busy(pipeline: pipeline, holder: holder, path: path)
        }
        let lock = PipelineLock(path: path, descriptor: descriptor)
        lock.record([])
        return lock
    }

    /// Rewrites the file with the programs running now.
    func record(_ programs: [Interruption.Child]) {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        guard var data = try? encoder.encode(Holder(pid: getpid(), started: started, programs: programs)) else { return }
        data.append(0x0A)
        _ = ftruncate(descriptor, 0)
        _ = data.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// Lets the next run in.
    func release() {
        _ = ftruncate(descriptor, 0)
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    private static func decode(_ data: Data) -> Holder? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(Holder.self, from: data)
    }

    /// Other processes that have the lock file open (Linux: from /proc; empty elsewhere): the programs of a run,
    /// and whatever they started, which inherited it.
    static func holders(of path: String) -> [(pid: Int32, name: String)] {
        var target = stat()
        guard stat(path, &target) == 0, let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        let me = getpid()
        var found: [(Int32, String)] = []
        for entry in entries {
            guard let pid = Int32(entry), pid != me, let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(entry)/fd") else { continue }
            let holds = fds.contains { fd in
                var info = stat()
                return stat("/proc/\(entry)/fd/\(fd)", &info) == 0 && info.st_dev == target.st_dev && info.st_ino == target.st_ino
            }
            if holds {
                let name = (try? String(contentsOfFile: "/proc/\(entry)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
                found.append((pid, name ?? "?"))
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }

    /// Whether `pid` runs; a zombie (ended, not yet reaped) does not.
    private static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        return !stat[close...].hasPrefix(") Z")
    }

    private static func busy(pipeline: String, holder: Holder?, path: String) -> PipelineError {
        guard let holder else {
            return .locked("\(pipeline) is locked by another run (\(path))", hint: "wait for it to finish")
        }
        // The time of day in local time, as `date` prints it: hh:mm:ss after the date and the `T`.
        let time = ISO8601.string(holder.started, timeZone: .current).dropFirst(11).prefix(8)
        let programs = holder.programs.filter { isAlive($0.pid) }
        let running = programs.map { "\($0.step) (\($0.program), pid \($0.pid))" }.joined(separator: ", ")
        if isAlive(holder.pid) {
            return .locked("\(pipeline) is being run by sci (pid \(holder.pid)) since \(time)\(running.isEmpty ? "" : ", running \(running)")",
                           hint: "wait for it to finish, or stop it with kill \(holder.pid)")
        }
        // The programs sci recorded, else whatever still holds the file (what a shell step started, say).
        let others = holders(of: path).filter { holder in !programs.contains { $0.pid == holder.pid } }
        let named = running.isEmpty ? others.map { "\($0.name) (pid \($0.pid))" }.joined(separator: ", ") : running
        let pids = (programs.map(\.pid) + (running.isEmpty ? others.map(\.pid) : [])).map(String.init).joined(separator: " ")
        return .locked("a program of an earlier run of \(pipeline) (sci pid \(holder.pid), killed) is still running\(named.isEmpty ? "" : ": \(named)")",
                       hint: pids.isEmpty ? "wait for it to end, then run again with --resume" : "wait for it to end or stop it (kill \(pids)), then run again with --resume")
    }
}
