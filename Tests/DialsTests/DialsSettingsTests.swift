import Dials
import Foundation
import SciCore
import SciHTTP
import Testing
import TestSupport

/// `DialsSettings`: defaults < `[dials]` in the configuration file < `SCI_DIALS_*` < flags, and the credential order.
@Suite struct DialsSettingsTests {
    func config(file: String? = nil, environment: [String: String] = [:], flags: [String: String] = [:]) throws -> Config {
        let folder = try TemporaryDirectory()
        // The configuration home is an empty folder, so this machine's own config.toml never changes a result.
        var config = try Config.load(file: try file.map { try folder.writeFile("config.toml", $0) },
                                     environment: environment.merging(["XDG_CONFIG_HOME": folder.path]) { first, _ in first })
        for (key, value) in flags { config.set("dials." + key, .string(value), from: .flags) }
        return config
    }

    @Test func eachLayerOverridesTheOneBelow() throws {
        let defaults = try DialsSettings.load(config: try config())
        #expect(defaults.server.apiURL == DialsServer.productionBaseURL + "api/v1/" && defaults.timeout == nil && defaults.attempts == 5)
        #expect(defaults.credential == .cachedLogin(directory: ".cache"))

        let file = """
            [dials]
            url = "http://dials.example:8000"
            workspace = "tracker"
            timeout = 2.5
            attempts = 2
            """
        let fromFile = try DialsSettings.load(config: try config(file: file))
        #expect(fromFile.server.apiURL == "http://dials.example:8000/api/v1/" && fromFile.server.workspace == "tracker")
        #expect(fromFile.timeout == .milliseconds(2500) && fromFile.attempts == 2)

        let environment = ["SCI_DIALS_URL": "https://env.example/", "SCI_DIALS_TIMEOUT": "7"]
        let fromEnvironment = try DialsSettings.load(config: try config(file: file, environment: environment))
        #expect(fromEnvironment.server.baseURL == "https://env.example/" && fromEnvironment.timeout == .seconds(7))
        #expect(fromEnvironment.server.workspace == "tracker")

        let fromFlags = try DialsSettings.load(config: try config(file: file, environment: environment,
                                                                  flags: ["url": "http://127.0.0.1:9/", "timeout": "90"]))
        #expect(fromFlags.server.baseURL == "http://127.0.0.1:9/" && fromFlags.timeout == .seconds(90))
    }

    @Test func theHighestLayerPicksTheCredentialAndTheOrderBreaksTies() throws {
        let both = try DialsSettings.load(config: try config(environment: ["SCI_DIALS_TOKEN": "t", "SCI_DIALS_CLIENT_SECRET": "s"]))
        #expect(both.credential == .token(Secret("t")))
        let application = try DialsSettings.load(config: try config(environment: ["SCI_DIALS_CLIENT_SECRET": "s", "SCI_DIALS_CLIENT_ID": "app"]))
        #expect(application.credential == .application(clientID: "app", secret: Secret("s")))
        #expect(try DialsSettings.load(config: try config(environment: ["SCI_DIALS_CLIENT_SECRET": "s"])).credential == .clientSecret(Secret("s")))
        // A --token-file flag beats a token in the environment; an empty variable counts as unset.
        let flagged = try DialsSettings.load(config: try config(environment: ["SCI_DIALS_TOKEN": "t"], flags: ["token_file": "/x/token"]))
        #expect(flagged.credential == .tokenFile("/x/token"))
        let empty = try DialsSettings.load(config: try config(environment: ["SCI_DIALS_TOKEN": ""], flags: ["cache_dir": "/x/cache"]))
        #expect(empty.credential == .cachedLogin(directory: "/x/cache"))
    }

    @Test func unusableValuesAreUsageErrorsNamingTheirSource() throws {
        let cases: [([String: String], [String: String], String)] = [
            (["SCI_DIALS_URL": "ftp://dials.example/"], [:], "SCI_DIALS_URL is 'ftp://dials.example/', which is not an http:// or https:// address"),
            ([:], ["url": "dials.example"], "--url is 'dials.example', which is not an http:// or https:// address"),
            (["SCI_DIALS_TIMEOUT": "soon"], [:], "SCI_DIALS_TIMEOUT is 'soon', which is not a number of seconds from 1 to 86400"),
            ([:], ["timeout": "1e300"], "--timeout is '1e300', which is not a number of seconds from 1 to 86400"),
            ([:], ["timeout": "0"], "--timeout is '0', which is not a number of seconds from 1 to 86400"),
            (["SCI_DIALS_ATTEMPTS": "99999999999999999999"], [:], "SCI_DIALS_ATTEMPTS is '99999999999999999999', which is not a whole number from 1 to 100"),
        ]
        for (environment, flags, message) in cases {
            let error = try #require(throws: SciError.self) { try DialsSettings.load(config: try config(environment: environment, flags: flags)) }
            #expect(error.message == message && error.exitCode == SciError.usageExitCode)
        }
        let fromFile = try #require(throws: SciError.self) {
            try DialsSettings.load(config: try config(file: "[dials]\ntimeout = -3\n"))
        }
        #expect(fromFile.message.hasPrefix("dials.timeout is '-3'"))
        #expect(throws: SciError.self) { try DialsSettings.timeout(seconds: .infinity) }
        #expect(throws: SciError.self) { try DialsSettings.timeout(seconds: .nan) }
    }

    @Test func tokenFileErrorsSayWhatIsWrong() throws {
        let folder = try TemporaryDirectory()
        func message(_ path: String) throws -> SciError {
            var settings = DialsSettings()
            settings.credential = .tokenFile(path)
            return try #require(throws: SciError.self) { _ = try settings.authenticator() }
        }
        let privateFolder = folder.file("d700")
        try FileManager.default.createDirectory(atPath: privateFolder, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        #expect(try message(privateFolder).message == "the DIALS token file \(privateFolder) is a folder")
        let tmp = try message("/tmp")
        #expect(tmp.message == "the DIALS token file /tmp is a folder" && tmp.hint?.contains("chmod") == false)
        let empty = try folder.writeFile("empty", "  \n")
        chmod(empty, 0o600)
        let emptyError = try message(empty)
        #expect(emptyError.message == "the DIALS token file \(empty) is empty" && emptyError.hint?.contains("write the DIALS access token") == true)
        #expect(try message(folder.file("none")).message == "the DIALS token file \(folder.file("none")) does not exist")
        let open = try folder.writeFile("open", "token\n")
        chmod(open, 0o644)
        let openError = try #require(throws: FileError.self) {
            var settings = DialsSettings()
            settings.credential = .tokenFile(open)
            _ = try settings.authenticator()
        }
        #expect(openError == .insecurePermissions(open, mode: 0o644))
        #expect(try message("/dev/null").message == "the DIALS token file /dev/null is not a regular file")

        let good = try folder.writeFile("good", "fixture-token\n")
        chmod(good, 0o600)
        #expect(try DialsCredentials.readTokenFile(good) == Secret("fixture-token"))
    }

    @Test func theClientOfTheSettingsUsesTheirServerTimeoutAndCredentials() async throws {
        try await withDials { fixture, _, server in
            var settings = try DialsSettings.load(config: try config(
                environment: ["SCI_DIALS_URL": server.baseURL, "SCI_DIALS_TOKEN": DialsFixture.token, "SCI_DIALS_WORKSPACE": "jetmet",
                              "SCI_DIALS_TIMEOUT": "4", "SCI_DIALS_ATTEMPTS": "1"]))
            let client = try DialsClient(settings: settings)
            #expect(try await client.list(DialsFilters(.run)).rows.count == 10)
            #expect(fixture.lastHeaders["workspace"] == "jetmet" && fixture.lastHeaders["authorization"] == "Bearer fixture-token")
            // An answer that takes longer than the timeout is abandoned with curl's timeout (28) and its hint. The
            // timeout is 4 s, not 1: a 1 s stall limit tripped on the first, healthy request under a load of 10.
            fixture.faults.add(.init(.slow, count: 1, milliseconds: 15_000))
            let error = try await #require(throws: HTTPError.self) { _ = try await client.list(DialsFilters(.lumi)) }
            guard case .transport(28, _, _) = error else { Issue.record("not a timeout: \(error)"); return }
            #expect(SciError.from(error).description.contains("raise the timeout"))
            settings.timeout = nil
            settings.credential = .token(Secret("wrong"))
            let refused = try await #require(throws: HTTPError.self) { _ = try await DialsClient(settings: settings).list(DialsFilters(.run)) }
            guard case .status(401, _, _) = refused else { Issue.record("not a 401: \(refused)"); return }
        }
    }
}
