import ArgumentParser
import Butler
import Foundation
import SciCLI

extension ButlerCommand {
    /// `sci butler create`.
    struct Create: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Make a new repository: butler.yaml, a registry (SQLite, or PostgreSQL) and a file datastore.",
            discussion: """
                --seed-config is a butler.yaml whose datastore.templates, datastore.formatters, datastore.root and
                registry.db are kept; --dimension-config a dimension universe in daf_butler's format (the default
                universe otherwise). registry.db: postgresql://USER@HOST:PORT/DATABASE (and registry.namespace: SCHEMA)
                puts the registry on PostgreSQL; the password comes from PGPASSWORD or ~/.pgpass (mode 0600), never
                from butler.yaml. A repository at s3://bucket/repo (or datastore.root: s3://bucket/prefix) keeps its
                files in S3, reached through S3_ENDPOINT_URL and the AWS_* settings; its registry.db must then be
                elsewhere (sqlite:////ABSOLUTE/PATH/gen3.sqlite3, or PostgreSQL).
                Example:
                  sci butler create DATA --seed-config butler.yaml --dimension-config dimensions.yaml
                  sci butler create s3://survey/repo --seed-config butler.yaml
                """)

        @OptionGroup var globals: GlobalOptions
        @Argument(help: ArgumentHelp("The folder (or s3://bucket/repo) to make the repository in.", valueName: "repo"), completion: .directory)
        var repo: String
        @Option(help: "A butler.yaml to start from.", completion: .file(extensions: ["yaml"]))
        var seedConfig: String?
        @Option(help: "A dimensions.yaml defining the universe.", completion: .file(extensions: ["yaml"]))
        var dimensionConfig: String?
        @Flag(help: "Let the seed configuration replace the standard settings (accepted for daf_butler compatibility; it always does).")
        var override = false

        func run() throws {
            let seed = try seedConfig.map { try String(contentsOfFile: $0, encoding: .utf8) }
            let universe = try dimensionConfig.map { try DimensionUniverse(contentsOf: $0) }
            let butler = try Butler.create(root: repo, seedConfig: seed, universe: universe)
            let writer = try globals.makeWriter(columns: ["repo", "universe"])
            writer.write(["repo": .string(butler.root), "universe": .string("\(butler.registry.universe.namespace) v\(butler.registry.universe.version)")])
            writer.finish()
        }
    }
}
