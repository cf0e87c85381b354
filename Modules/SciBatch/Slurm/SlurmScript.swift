/// The batch script of one Slurm job array: element i runs `jobs[i]`'s command in its folder, its standard error to
/// its log, then writes `<name>.exit` (the element's job id and exit code) into `folder` with a rename, so sci learns
/// how each command ended from the file system, without accounting.
public struct SlurmScript: Sendable, Equatable {
    /// The commands, one per array element, in element order.
    public var jobs: [BatchJob]
    /// The Slurm job ids the whole array waits for (`afterok`).
    public var dependencies: [String]
    /// The job name Slurm shows (`squeue`).
    public var jobName: String
    /// Where the exit files and Slurm's own logs (`<array id>_<element>.out`) go (absolute).
    public var folder: String
    /// The settings of the pipeline's `executor:` section.
    public var options: SlurmOptions
    /// The command that wrote the script, for the comment in it.
    public var writtenBy: String

    /// A script for `jobs` as one array.
    public init(jobs: [BatchJob], dependencies: [String], jobName: String, folder: String, options: SlurmOptions,
                writtenBy: String = "sci pipeline run --executor slurm") {
        self.jobs = jobs
        self.dependencies = dependencies
        self.jobName = jobName
        self.folder = folder
        self.options = options
        self.writtenBy = writtenBy
    }

    /// The script's text, for `sbatch FILE`.
    public var text: String {
        var lines = ["#!/bin/sh"]
        var directives = [
            "--job-name=\(Self.flat(jobName))",
            "--array=0-\(max(jobs.count - 1, 0))",
            "--output=\(Self.flat(folder))/%A_%a.out",
            "--chdir=\(Self.flat(jobs.first?.workingDirectory ?? folder))",
            // Dependents of a failed step are cancelled by Slurm instead of pending forever.
            "--kill-on-invalid-dep=yes",
        ]
        if !dependencies.isEmpty { directives.append("--dependency=afterok:\(dependencies.joined(separator: ":"))") }
        directives += options.sbatchOptions.map(Self.flat)
        lines += directives.map { "#SBATCH \($0)" }
        lines.append("# Written by \(Self.flat(writtenBy)): \(jobs.count) job\(jobs.count == 1 ? "" : "s").")
        lines.append("case \"${SLURM_ARRAY_TASK_ID:-0}\" in")
        for (index, job) in jobs.enumerated() {
            lines.append("\(index)) name=\(Self.quote(job.name)); log=\(Self.quote(job.errorLog)); cd \(Self.quote(job.workingDirectory)) || exit 1")
            if !job.staleFiles.isEmpty { lines.append("   rm -f \(job.staleFiles.map(Self.quote).joined(separator: " "))") }
            lines.append("   set -- \(job.command.map(Self.quote).joined(separator: " ")) ;;")
        }
        lines.append("*) echo \"sci: no job for array element $SLURM_ARRAY_TASK_ID\" >&2; exit 2 ;;")
        lines.append("esac")
        lines.append("\"$@\" </dev/null 2>\"$log\"")
        lines.append("code=$?")
        lines.append("exit_file=\(Self.quote(folder))/\"$name.exit\"")
        lines.append("printf '%s_%s %s\\n' \"$SLURM_ARRAY_JOB_ID\" \"$SLURM_ARRAY_TASK_ID\" \"$code\" >\"$exit_file.$$\" && mv -f \"$exit_file.$$\" \"$exit_file\"")
        lines.append("exit $code")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` in single quotes for the shell.
    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// An `#SBATCH` line ends at the line's end: no line breaks inside a value.
    static func flat(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }

    /// What the exit file says: the element's job id (`<array id>_<element>`) and the command's exit code.
    public static func readExit(_ text: String) -> (job: String, code: Int32)? {
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count == 2, let code = Int32(parts[1]) else { return nil }
        return (String(parts[0]), code)
    }
}
