import Foundation
import Hummingbird
import SciCore
import Synchronization

/// The identity provider of a DIALS fixture, CERN Keycloak's routes as cmsdials calls them: the device flow
/// (`auth/device`, then `token` polled with the device code), the token exchange for the DIALS audience, refresh,
/// and client credentials (`api-access/token`). Each device plays `script`: some `slow_down`s, some pendings, then
/// approval or expiry.
public final class DialsKeycloak: Sendable {
    /// What a device sees while polling.
    public struct Script: Sendable {
        /// `slow_down` answers first.
        public var slowDowns: Int
        /// Then `authorization_pending` answers.
        public var pendings: Int
        /// Then `expired_token` instead of approval.
        public var expires: Bool
        /// The interval the device is told to poll at, in seconds.
        public var interval: Int
        /// Lifetimes handed out, in seconds.
        public var accessLifetime: Int
        public var refreshLifetime: Int

        /// A script.
        public init(slowDowns: Int = 0, pendings: Int = 1, expires: Bool = false, interval: Int = 0,
                    accessLifetime: Int = 1200, refreshLifetime: Int = 36000) {
            self.slowDowns = slowDowns
            self.pendings = pendings
            self.expires = expires
            self.interval = interval
            self.accessLifetime = accessLifetime
            self.refreshLifetime = refreshLifetime
        }
    }

    private struct State {
        var script: Script
        var polls: [String: Int] = [:]
        var publicTokens: Set<String> = []
        var refreshTokens: Set<String> = []
        var issued = 0
        var grants: [String] = []
    }

    private let state: Mutex<State>

    /// The application id whose secret is `DialsFixture.clientSecret`, for the client-credentials grant.
    public static let clientID = "fixture-app"

    /// A provider playing `script` for every device.
    public init(script: Script = Script()) { state = Mutex(State(script: script)) }

    /// Changes the script for devices from now on.
    public func play(_ script: Script) { state.withLock { $0.script = script } }

    /// The `grant_type`s received, in order.
    public var grants: [String] { state.withLock { $0.grants } }

    /// Makes every refresh token issued so far invalid, as a revoked session.
    public func revokeRefreshTokens() { state.withLock { $0.refreshTokens.removeAll() } }

    func handle(_ request: Request, fixture: DialsFixture) async throws -> Response {
        let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
        var form: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            if parts.count == 2 { form[parts[0]] = parts[1] }
        }
        let path = request.uri.path
        if path.hasSuffix("/protocol/openid-connect/auth/device") {
            return state.withLock { state in
                state.issued += 1
                let code = "device-\(state.issued)"
                state.polls[code] = 0
                return DialsFixture.json([
                    "device_code": .string(code), "user_code": .string("ABCD-\(state.issued)"),
                    "verification_uri": "http://127.0.0.1/auth/device",
                    "verification_uri_complete": .string("http://127.0.0.1/auth/device?user_code=ABCD-\(state.issued)"),
                    "expires_in": 600, "interval": .int(Int64(state.script.interval)),
                ])
            }
        }
        if path.hasSuffix("/api-access/token") {
            guard form["grant_type"] == "client_credentials", form["client_id"] == DialsKeycloak.clientID,
                  form["client_secret"] == DialsFixture.clientSecret, form["audience"] == "cms-dials-prod-confidential-app"
            else { return error("unauthorized_client", status: .unauthorized) }
            let (token, lifetime) = state.withLock { state in
                state.grants.append("client_credentials")
                state.issued += 1
                return ("api-access-\(state.issued)", state.script.accessLifetime)
            }
            fixture.accept(token: token)
            return DialsFixture.json(["access_token": .string(token), "expires_in": .int(Int64(lifetime)), "token_type": "Bearer"])
        }
        guard path.hasSuffix("/protocol/openid-connect/token") else { return error("not_found", status: .notFound) }
        let grant = form["grant_type"] ?? ""
        return state.withLock { state -> Response in
            state.grants.append(grant)
            switch grant {
            case "urn:ietf:params:oauth:grant-type:device_code":
                guard let code = form["device_code"], let polls = state.polls[code] else { return error("invalid_grant") }
                state.polls[code] = polls + 1
                let script = state.script
                if polls < script.slowDowns { return error("slow_down") }
                if polls < script.slowDowns + script.pendings { return error("authorization_pending") }
                if script.expires { return error("expired_token") }
                state.polls[code] = nil
                return issuePublic(&state)
            case "refresh_token":
                guard let refresh = form["refresh_token"], state.refreshTokens.contains(refresh) else { return error("invalid_grant") }
                state.refreshTokens.remove(refresh)
                return issuePublic(&state)
            case "urn:ietf:params:oauth:grant-type:token-exchange":
                guard let subject = form["subject_token"], state.publicTokens.contains(subject),
                      form["audience"] == "cms-dials-prod-confidential-app" else { return error("invalid_token") }
                state.issued += 1
                let token = "dials-token-\(state.issued)"
                fixture.accept(token: token)
                return DialsFixture.json([
                    "access_token": .string(token), "expires_in": .int(Int64(state.script.accessLifetime)), "token_type": "Bearer",
                ])
            default:
                return error("unsupported_grant_type")
            }
        }
    }

    private func issuePublic(_ state: inout State) -> Response {
        state.issued += 1
        let access = "public-access-\(state.issued)", refresh = "public-refresh-\(state.issued)"
        state.publicTokens.insert(access)
        state.refreshTokens.insert(refresh)
        return DialsFixture.json([
            "access_token": .string(access), "expires_in": 300, "refresh_token": .string(refresh),
            "refresh_expires_in": .int(Int64(state.script.refreshLifetime)), "token_type": "Bearer",
        ])
    }

    private func error(_ code: String, status: HTTPResponse.Status = .badRequest) -> Response {
        DialsFixture.json(["error": .string(code)], status: status)
    }
}
