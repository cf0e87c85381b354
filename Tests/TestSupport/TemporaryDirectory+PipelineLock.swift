import Foundation
import SciCore

extension TemporaryDirectory {
    /// Waits until the pipeline lock in this folder's `log/` lists a running program of `step`, and returns its pid;
    /// nil after about a minute (the bound is for a loaded machine: the wait ends as soon as the program is there).
    public func lockedProgram(step: String) async throws -> Int32? {
        for _ in 0..<2000 {
            if let data = FileManager.default.contents(atPath: file("log/pipeline.lock")),
               case .array(let programs)? = (try? JSONValue(parsing: data))?["programs"],
               let program = programs.first(where: { $0["step"] == .string(step) }),
               let pid = program["pid"]?.intValue.flatMap(Int32.init(exactly:)) {
                return pid
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        return nil
    }
}
