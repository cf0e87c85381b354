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
            fixture.keycloak.play(.init(pendings: 0, accessLifetime: 100))
            let auth = authClient(server)
            let token = try await auth.waitForApproval(try await auth.startDevice())
            let folder = try TemporaryDirectory()
            let file = DeviceToken.cacheFile(in: folder.path)
            // Cached as if 95 of its 100 seconds had passed: in its last tenth, so the next request refreshes it first.
            var aged = token
            aged.expiresAt = Date(timeIntervalSinceNow: 5)
            #expect(aged.needsRefresh() && !token.needsRefresh())
            try aged.write(to: file)
            let credentials = try DeviceCredentials(cacheDirectory: folder.path, authClient: auth)
            let dials = DialsClient(server: DialsServer(baseURL: server.baseURL), credentials: credentials)
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

    @Test func lifetimesAndDatesNoIntegerHoldsAreBoundedNotTrapped() async throws {
        try await withDials { fixture, _, server in
            // An identity provider announcing a poll interval and token lifetimes of Int.max seconds.
            fixture.keycloak.play(.init(pendings: 0, interval: Int.max, accessLifetime: Int.max))
            let auth = authClient(server)
            let device = try await auth.startDevice()
            #expect(device.interval == 300)
            let client = ClientCredentials(clientID: DialsKeycloak.clientID, secret: Secret(DialsFixture.clientSecret), authClient: auth)
            let dials = DialsClient(server: DialsServer(baseURL: server.baseURL), credentials: client)
            #expect(try await dials.list(DialsFilters(.run)).rows.count == 10)
        }
        #expect(DeviceToken.lifetime(.int(Int64.max)) == DeviceToken.longestLifetime)
        #expect(DeviceToken.lifetime(.int(-5)) == 0 && DeviceToken.lifetime(.double(1e300)) == 0 && DeviceToken.lifetime(nil, default: 7) == 7)

        // A token whose expiry is past what time_t holds is written with a bounded date, not a trap.
        let folder = try TemporaryDirectory()
        let file = DeviceToken.cacheFile(in: folder.path)
        try DeviceToken(accessToken: Secret("a"), expiresIn: Int.max, refreshToken: Secret("r"), refreshExpiresIn: Int.max).write(to: file)
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("\"expires_at\":\"9999-12-31T"))
        // Years and fields out of range in a cache file are refused as a foreign file, not converted.
        for expiry in ["99999999999-01-01T00:00:00", "-9223372036854775808-01-01T00:00:00", "2026-13-01T00:00:00", "2026-01-01T25:00:00"] {
            let text = """
                {"access_token": "a", "refresh_token": "r", "expires_in": 10, "refresh_expires_in": 10, "token_type": "Bearer",
                 "expires_at": "\(expiry)", "refresh_expires_at": "2026-01-01T00:00:00"}
                """
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            chmod(file, 0o600)
            let error = try #require(throws: SciError.self) { _ = try DeviceToken.read(from: file) }
            #expect(error.message == "the DIALS credentials file \(file) is not one cmsdials or sci wrote", "\(expiry)")
        }
    }
}
