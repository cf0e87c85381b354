import ArgumentParser
import Dials
import Foundation
import SciCore
import SciHTTP

/// Where DIALS is and who is asking: shared by every `sci dials` command.
struct DialsOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The DIALS site (default: $SCI_DIALS_URL or production).", valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp("The API route and version, for a local DIALS.", valueName: "route"))
    var route = "api/"

    @Option(name: .customLong("api-version"), help: ArgumentHelp("The API version.", valueName: "version"))
    var apiVersion = "v1/"

    @Option(help: ArgumentHelp("The workspace (default: $SCI_DIALS_WORKSPACE, else DIALS picks from your e-groups).", valueName: "name"))
    var workspace: String?

    @Option(help: ArgumentHelp("A file (mode 0600) holding a DIALS access token; $SCI_DIALS_TOKEN works too.", valueName: "path"))
    var tokenFile: String?

    @Option(help: ArgumentHelp("An application's client id ($SCI_DIALS_CLIENT_ID); its secret comes from $SCI_DIALS_CLIENT_SECRET.",
                               valueName: "id"))
    var clientId: String?

    @Option(help: ArgumentHelp("The folder of the cached login, as cmsdials' cache_dir.", valueName: "path"))
    var cacheDir = DeviceToken.defaultCacheDirectory

    @Option(help: ArgumentHelp("The Keycloak that issues DIALS logins.", valueName: "url"))
    var keycloakURL = DialsAuthClient.productionKeycloakURL

    @Option(help: ArgumentHelp("Attempts per request, retrying 429/5xx and dropped connections.", valueName: "n"))
    var attempts = 5

    func validate() throws {
        if attempts < 1 { throw ValidationError("--attempts must be at least 1") }
        if let url, URL(string: url)?.scheme == nil { throw ValidationError("--url must look like http://host:port/") }
    }

    var authClient: DialsAuthClient { DialsAuthClient(keycloakURL: keycloakURL) }

    /// The credentials, in order: $SCI_DIALS_TOKEN; an application's client id and $SCI_DIALS_CLIENT_SECRET (a token
    /// from Keycloak), or that secret alone (the older X-CLIENT-SECRET header); --token-file; the cached login.
    func credentials(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any Authenticator {
        if let token = environment["SCI_DIALS_TOKEN"], !token.isEmpty { return DialsCredentials.bearer(Secret(token)) }
        if let secret = environment["SCI_DIALS_CLIENT_SECRET"], !secret.isEmpty {
            if let id = clientId ?? environment["SCI_DIALS_CLIENT_ID"], !id.isEmpty {
                return ClientCredentials(clientID: id, secret: Secret(secret), authClient: authClient)
            }
            return DialsCredentials.clientSecret(Secret(secret))
        }
        if let tokenFile { return DialsCredentials.bearer(try SecretFile.read(tokenFile)) }
        return try DeviceCredentials(cacheDirectory: cacheDir, authClient: authClient)
    }

    func client(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DialsClient {
        let server = DialsServer(
            baseURL: url ?? environment["SCI_DIALS_URL"] ?? DialsServer.productionBaseURL, route: route, version: apiVersion,
            workspace: workspace ?? environment["SCI_DIALS_WORKSPACE"])
        return DialsClient(server: server, credentials: try credentials(environment: environment), retry: RetryPolicy(attempts: attempts))
    }
}
