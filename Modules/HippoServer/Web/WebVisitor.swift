import Foundation
import Hummingbird

/// Who is looking at the pages: the caller the API would see for the key kept in the login cookie, or an
/// anonymous reader (who reads what is public on a `--public` server, and nothing otherwise).
struct WebVisitor: Sendable {
    /// The name of the cookie that keeps the visitor's API key.
    static let cookieName = "sci_hippo_key"
    /// How long a login lasts, in seconds: a working week.
    static let cookieLifetime = 7 * 86_400

    /// Who the pages act for.
    var caller: Caller
    /// Whether a key from the login cookie stands behind `caller`, so a logout is offered.
    var loggedIn = false
    /// Whether the server takes keys at all (not under `--auth none`), so a login is offered to anonymous visitors.
    var keysAccepted = true
    /// The cookie held a key the registry does not know (revoked): the answer clears it.
    var staleCookie = false

    /// The visitor of `request` under the server's access policy.
    static func of(_ request: Request, gatekeeper: Gatekeeper) async throws -> WebVisitor {
        switch gatekeeper.policy {
        case .none:
            return WebVisitor(caller: .localUser, keysAccepted: false)
        case .keys(let publicReads):
            let anonymous = Caller(name: nil, scopes: publicReads ? [.read] : [])
            guard let key = request.cookies[cookieName]?.value, !key.isEmpty else { return WebVisitor(caller: anonymous) }
            guard key.utf8.count <= 256, let caller = try await gatekeeper.keys.caller(forKey: key) else {
                return WebVisitor(caller: anonymous, staleCookie: true)
            }
            return WebVisitor(caller: caller, loggedIn: true)
        }
    }

    /// Whether the visitor may read at all; one who may not is sent to the login form.
    var mayRead: Bool { caller.isAdmin || caller.scopes.contains(.read) }

    /// The values the layout shows in its header.
    var values: [String: Any] {
        [
            "hasName": caller.name != nil && keysAccepted, "name": caller.name ?? "", "loggedIn": loggedIn,
            "offerLogin": keysAccepted && !loggedIn,
        ]
    }

    /// The cookie that keeps `key` for a week: HttpOnly (no script reads it), SameSite=Strict (no other site's page
    /// sends it), only for `/web`, and Secure when the registry is reached over HTTPS.
    static func loginCookie(key: String, secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: key, maxAge: cookieLifetime, path: "/web", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// The cookie that replaces the login cookie with nothing, expired.
    static func logoutCookie(secure: Bool) -> Cookie {
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/web", secure: secure, httpOnly: true, sameSite: .strict)
    }
}
