import Dials
import Foundation
import SciCore
import SciHTTP
import Testing
import TestSupport

@Suite struct DeviceFlowTests {
    func authClient(_ server: LoopbackServer) -> DialsAuthClient {
        var client = DialsAuthClient(keycloakURL: server.baseURL + "/auth/")
        client.slowDownIncrement = .milliseconds(20)
        return client
    }

    @Test func pendingAndSlowDownThenApprovalWritesTheCmsdialsCache() async throws {
        try await withDials { fixture, _, server in
            fixture.keycloak.play(.init(slowDowns: 1, pendings: 2))
            let auth = authClient(server)
            let device = try await auth.startDevice()
            #expect(device.verificationURIComplete.contains("user_code="))
            let token = try await auth.waitForApproval(device)
            #expect(fixture.keycloak.grants == [
                "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:device_code",
                "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:device_code",
                "urn:ietf:params:oauth:grant-type:token-exchange",
            ])
            let folder = try TemporaryDirectory()
            let file = DeviceToken.cacheFile(in: folder.path + "/.cache")
            try token.write(to: file)
            var info = stat()
            stat(file, &info)
            #expect(info.st_mode & 0o777 == 0o600)
            let text = try String(contentsOfFile: file, encoding: .utf8)
            for key in ["access_token", "expires_in", "refresh_expires_in", "refresh_token", "token_type", "expires_at", "refresh_expires_at"] {
                #expect(text.contains("\"\(key)\""))
            }
            let again = try DeviceToken.read(from: file)
            #expect(abs(again.expiresAt.timeIntervalSince(token.expiresAt)) < 0.001 && again.accessToken == token.accessToken)

            let dials = DialsClient(server: DialsServer(baseURL: server.baseURL),
                                    credentials: try DeviceCredentials(cacheDirectory: folder.path + "/.cache", authClient: auth))
            let value1 = try await dials.list(DialsFilters(.run)).rows.count
            #expect(value1 == 10)
        }
    }

    @Test func anExpiredDeviceCodeSaysSo() async throws {
        try await withDials { fixture, _, server in
            fixture.keycloak.play(.init(pendings: 1, expires: true))
            let auth = authClient(server)
            let error = await thrown { _ = try await auth.waitForApproval(try await auth.startDevice()) }
            #expect(SciError.from(error!).message.contains("expired"))
        }
    }

    @Test func refreshesNearExpiryAndSaysWhenTheCacheIsStale() async throws {
        try await withDials { fixture, _, server in
            fixture.keycloak.play(.init(pendings: 0, accessLifetime: 1))
            let auth = authClient(server)
            let token = try await auth.waitForApproval(try await auth.startDevice())
            let folder = try TemporaryDirectory()
            let file = DeviceToken.cacheFile(in: folder.path)
            try token.write(to: file)
            let credentials = try DeviceCredentials(cacheDirectory: folder.path, authClient: auth)
            let dials = DialsClient(server: DialsServer(baseURL: server.baseURL), credentials: credentials)
            // A 1-second token is always in its last tenth... after 0.9 s; wait for it.
            try await Task.sleep(for: .milliseconds(1000))
            _ = try await dials.list(DialsFilters(.run))
            #expect(fixture.keycloak.grants.contains("refresh_token"))
            let value2 = try DeviceToken.read(from: file).accessToken
            #expect(value2 != token.accessToken)

            var stale = try DeviceToken.read(from: file)
            stale.expiresAt = Date(timeIntervalSinceNow: -100)
            stale.refreshExpiresAt = Date(timeIntervalSinceNow: -10)
            try stale.write(to: file)
            let staleClient = DialsClient(server: DialsServer(baseURL: server.baseURL),
                                          credentials: try DeviceCredentials(cacheDirectory: folder.path, authClient: auth))
            let error = await thrown { _ = try await staleClient.list(DialsFilters(.run)) }
            let sci = SciError.from(error!)
            #expect(sci.message.contains(file) && sci.hint?.contains("sci dials login") == true)

            let missing = #expect(throws: DialsError.self) { _ = try DeviceCredentials(cacheDirectory: folder.path + "/none") }
            #expect(SciError.from(missing!).hint?.contains("sci dials login") == true)
        }
    }
}
