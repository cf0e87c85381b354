import Foundation
import SciCore
public import SciHTTP

/// HIPPO's production authentication as hippoclient does it (soauth's `SOAuth`): the tokens of a `token_tag` live as
/// JSON in `~/.config/soauth/<tag>` (mode 0600); an access token that is missing or expires within five minutes is
/// first exchanged for a new one at the identity server (`POST /exchange {"refresh_token": ...}`), and the new pair
/// is written back at once, since refresh tokens are single-use.
public final class SOAuthTokens: Authenticator {
    /// hippoclient's identity server, which soauth uses unless told otherwise.
    public static let defaultIdentityServer = "https://ingress.simonsobs-identity.production.svc.spin.nersc.org"

    /// The token file.
    public let file: String
    /// Where refresh tokens are exchanged.
    public let identityServer: String
    private let session: Session

    /// Tokens kept in `file`, exchanged at `identityServer` within `timeout` (the client's own, from HenrySettings).
    public init(file: String, identityServer: String = SOAuthTokens.defaultIdentityServer, timeout: Duration = .seconds(60)) {
        self.file = file
        self.identityServer = identityServer.hasSuffix("/") ? String(identityServer.dropLast()) : identityServer
        session = Session(file: file, identityServer: self.identityServer, timeout: timeout)
    }

    public func authorize(_ request: inout HTTPRequest) async throws {
        let token = try await session.accessToken(now: Date())
        request.headers["Authorization"] = "Bearer \(token.reveal())"
    }

    /// A 401 means the server no longer takes the access token (revoked, or its clock differs): exchange once.
    public func refreshAfterUnauthorized() async throws -> Bool {
        try await session.exchange()
        return true
    }

    /// The tokens, read once and changed one exchange at a time (soauth holds a lock for the same reason).
    private actor Session {
        let file: String
        let identityServer: String
        let timeout: Duration
        private var tokens: [String: JSONValue]?

        init(file: String, identityServer: String, timeout: Duration) {
            self.file = file
            self.identityServer = identityServer
            self.timeout = timeout
        }

        func accessToken(now: Date) async throws -> Secret {
            let tokens = try self.tokens ?? load()
            if let access = tokens["access_token"]?.stringValue, !access.isEmpty {
                // soauth re-exchanges five minutes before expiry; a token file without a date is used until refused.
                guard let expires = tokens["access_token_expires"]?.stringValue.flatMap(SOAuthTokens.date),
                    expires.timeIntervalSince(now) < 300
                else { return Secret(access) }
            }
            try await exchange()
            guard let access = self.tokens?["access_token"]?.stringValue, !access.isEmpty else {
                throw SciError("the identity server \(identityServer) answered no access token", hint: "register a new key: soauth register hippo KEY")
            }
            return Secret(access)
        }

        func exchange() async throws {
            let tokens = try self.tokens ?? load()
            guard let refresh = tokens["refresh_token"]?.stringValue, !refresh.isEmpty else {
                throw SciError("\(file) holds no refresh_token to get a new access token with", hint: "register a key: soauth register hippo KEY")
            }
            var configuration = HTTPClientConfiguration()
            configuration.requestTimeout = timeout
            configuration.retry = .none
            let client = HTTPClient(configuration: configuration)
            let response: HTTPResponse
            do {
                response = try await client.send(HTTPRequest.json(.post, identityServer + "/exchange", body: JSONValue.object(["refresh_token": .string(refresh)])))
            } catch HTTPError.status(let code, let excerpt, _) {
                let detail = (try? JSONValue(parsing: Data(excerpt.utf8)))?["detail"]?.stringValue ?? excerpt
                throw SciError(
                    "the access token from \(file) has expired and the identity server refused to renew it (HTTP \(code)): \(detail.prefix(200))",
                    hint: "the key (refresh token) is used up or expired; get a new one and run: soauth register hippo KEY")
            } catch let error as HTTPError {
                throw SciError(
                    "the access token from \(file) has expired and the identity server could not be reached: \(error.sciError.message)",
                    hint: "check the network, or the identity server (henry.identity_server)")
            }
            guard case .object(var fresh) = (try? JSONValue(parsing: response.body)) ?? .null, fresh["access_token"]?.stringValue != nil,
                fresh["refresh_token"]?.stringValue != nil
            else {
                throw SciError("the identity server \(identityServer) answered the token exchange with something other than tokens")
            }
            fresh = fresh.filter { ["access_token", "refresh_token", "access_token_expires", "refresh_token_expires"].contains($0.key) }
            // The old refresh token is spent: the new pair is written before it is used, readable by the owner only.
            try SecretFile.write(Secret(JSONValue.object(fresh).jsonString()), to: file)
            self.tokens = fresh
        }

        private func load() throws -> [String: JSONValue] {
            let stored = try SecretFile.read(file)
            guard case .object(let members) = (try? JSONValue(parsing: Data(stored.reveal().utf8))) ?? .null else {
                throw SciError("\(file) is not soauth's token JSON", hint: "register the key again: soauth register hippo KEY")
            }
            tokens = members
            return members
        }
    }

    /// pydantic's rendering of a datetime, `2026-01-02T03:04:05.123456Z` or `+00:00`, or naive (taken as UTC).
    static func date(_ text: String) -> Date? {
        let scalars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count, scalars[range].allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return scalars[range].reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        guard scalars.count >= 19, let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < scalars.count, scalars[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < scalars.count, scalars[index] >= 48, scalars[index] <= 57 {
                fraction += Double(scalars[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offset = 0
        if index < scalars.count {
            let sign = scalars[index]
            if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                index += 1
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), let hours = number(index + 1..<index + 3) {
                let minutes = number(index + 4..<index + 6) ?? 0
                offset = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "+") ? 1 : -1)
                index = min(scalars.count, index + 6)
            } else {
                return nil
            }
        }
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        (components.hour, components.minute, components.second) = (hour, minute, second)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components) else { return nil }
        return date.addingTimeInterval(fraction - Double(offset))
    }
}
