import ArgumentParser
import Dials
import SciCLI
import SciCore

/// The command line's layer of the DIALS settings, shared by every `sci dials` command: each flag given overrides
/// the `[dials]` table of the configuration file and the `SCI_DIALS_*` variables (see `DialsSettings`).
struct DialsOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The DIALS site (default: dials.url, $SCI_DIALS_URL, else production).", valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp("The API route, for a local DIALS (default: api/).", valueName: "route"))
    var route: String?

    @Option(name: .customLong("api-version"), help: ArgumentHelp("The API version (default: v1/).", valueName: "version"))
    var apiVersion: String?

    @Option(help: ArgumentHelp("The workspace (default: dials.workspace, $SCI_DIALS_WORKSPACE, else DIALS picks from your e-groups).",
                               valueName: "name"))
    var workspace: String?

    @Option(help: ArgumentHelp("A file (mode 0600) holding a DIALS access token; $SCI_DIALS_TOKEN works too.", valueName: "path"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("An application's client id ($SCI_DIALS_CLIENT_ID); its secret comes from $SCI_DIALS_CLIENT_SECRET.",
                               valueName: "id"))
    var clientId: String?

    @Option(help: ArgumentHelp("The folder of the cached login, as cmsdials' cache_dir (default: ./.cache).", valueName: "path"))
    var cacheDir: String?

    @Option(help: ArgumentHelp("The Keycloak that issues DIALS logins.", valueName: "url"))
    var keycloakURL: String?

    @Option(help: ArgumentHelp("Attempts per request, retrying 429/5xx and dropped connections (default: 5).", valueName: "n"))
    var attempts: Int?

    @Option(help: ArgumentHelp(
        "Seconds to wait for a connection, and for an answer that has stopped moving; a page still arriving is never cut off (default: dials.timeout, else 10 s to connect and 60 s without data).",
        valueName: "seconds"))
    var timeout: Double?

    func validate() throws {
        do {
            if let attempts, !(1...DialsSettings.maximumAttempts).contains(attempts) {
                throw ValidationError("--attempts must be from 1 to \(DialsSettings.maximumAttempts)")
            }
            if let timeout { _ = try DialsSettings.timeout(seconds: timeout) }
            if let url { _ = try DialsSettings.checkedURL(url) }
            if let keycloakURL { _ = try DialsSettings.checkedURL(keycloakURL, origin: "--keycloak-url") }
        } catch let error as SciError {
            // A usage error: ArgumentParser then prints the usage line and exits with 2.
            throw ValidationError(error.message)
        }
    }

    /// The settings: `config`'s layers with these flags on top.
    func settings(config: Config) throws -> DialsSettings {
        var config = config
        let flags: [(String, String?)] = [
            ("url", url), ("route", route), ("api_version", apiVersion), ("workspace", workspace), ("token_file", tokenFile),
            ("client_id", clientId), ("cache_dir", cacheDir), ("keycloak_url", keycloakURL), ("attempts", attempts.map(String.init)),
            ("timeout", timeout.map { String($0) }),
        ]
        for case (let key, let value?) in flags { config.set("dials." + key, .string(value), from: .flags) }
        return try DialsSettings.load(config: config)
    }

    /// The client these settings make, logging as `-v` asks.
    func client(config: Config, globals: GlobalOptions) throws -> DialsClient {
        try DialsClient(settings: try settings(config: config), logger: globals.logger(label: "sci.dials"))
    }
}
