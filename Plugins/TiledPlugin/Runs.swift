import ArgumentParser
import Foundation
import SciCLI
import SciCore
import Tiled

extension TiledCommand {
    /// `sci tiled runs PATH --since --until --plan NAME`: Bluesky runs in a time range.
    struct Runs: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "runs",
            abstract: "List Bluesky runs by start time and plan name, oldest first.",
            discussion: """
                Times are ISO 8601 with a time zone (2023-11-14T22:00:00Z, 2023-11-15T09:30:00+01:00) or a bare
                date, taken as midnight UTC. --since includes its instant, --until excludes it.

                Examples:
                  sci tiled runs / --since 2023-11-14T23:00:00Z --until 2023-11-15
                  sci tiled runs / --plan scan --format json
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var server: ServerOptions
        @Argument(help: "The container holding the runs (/ for the root).") var path = "/"
        @Option(help: ArgumentHelp("Runs that started at or after this time.", valueName: "time")) var since: String?
        @Option(help: ArgumentHelp("Runs that started before this time.", valueName: "time")) var until: String?
        @Option(help: ArgumentHelp("Runs of this plan (start.plan_name).", valueName: "name")) var plan: String?
        @Option(help: "At most this many runs.") var limit: Int?

        static let columns = ["uid", "scan_id", "plan_name", "start", "stop", "exit_status", "path"]

        func validate() throws {
            _ = try Self.time(since, "--since")
            _ = try Self.time(until, "--until")
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let client = try server.connect(logger: globals.logger(label: "sci.tiled"), config: try globals.loadConfig())
            let runs = try await client.runs(
                in: path, since: try Self.time(since, "--since"), until: try Self.time(until, "--until"), planName: plan, limit: limit)
            let writer = try globals.makeWriter(columns: Self.columns)
            for run in runs {
                writer.write([
                    "uid": run.uid.map(JSONValue.string) ?? .null, "scan_id": run.scanID.map { .int(Int64($0)) } ?? .null,
                    "plan_name": run.planName.map(JSONValue.string) ?? .null,
                    "start": run.startTime.map { .string(Self.iso($0)) } ?? .null,
                    "stop": run.stopTime.map { .string(Self.iso($0)) } ?? .null,
                    "exit_status": run.exitStatus.map(JSONValue.string) ?? .null, "path": .string(run.path),
                ])
            }
            writer.finish()
        }

        /// An ISO 8601 time with its zone, or a date (midnight UTC); a time without a zone is refused, since it would
        /// mean a different instant on every machine.
        static func time(_ text: String?, _ option: String) throws -> Date? {
            guard let text else { return nil }
            if let date = ISO8601.date(text, dateAlone: true) { return date }
            throw ValidationError("\(option) \(text) is not an ISO 8601 time with a zone, such as 2023-11-14T22:00:00Z or 2023-11-14")
        }

        static func iso(_ date: Date) -> String { ISO8601.string(date) }
    }
}
