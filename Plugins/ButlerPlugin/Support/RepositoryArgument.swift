import ArgumentParser
import Butler

/// The repository every command acts on.
struct RepositoryArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("The repository folder, or s3://bucket/repo.", valueName: "repo"), completion: .directory)
    var repo: String

    /// Opens it.
    func open() throws -> Butler { try Butler(root: repo) }
}
