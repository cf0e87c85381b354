import Foundation
import Hummingbird
import Logging
import SciCore

/// The registry's web pages under `/web`, beside HIPPO's API (whose routes they leave as they are): home, search,
/// product and collection pages, FITS previews, the stylesheet, and a login that keeps an API key in a cookie.
/// Every page shows what the visitor may read through the API and nothing else; none changes anything but the
/// login cookie.
struct WebRoutes: Sendable {
    let registry: Registry
    let gatekeeper: Gatekeeper
    /// Whether cookies are marked Secure: when the registry is reached over HTTPS (its public URL says so).
    let secureCookies: Bool
    let logger: Logger
    let previews = FITSPreview()

    /// The largest login form accepted.
    static let formLimit = 4096

    func add(to router: Router<BasicRequestContext>) {
        let web = router.group("web")
        web.get { request, _ in
            try await page(request) { visitor in ("home", try await HomePage(registry: registry).values(visitor: visitor), 200) }
        }
        web.get("search") { request, _ in
            try await page(request) { visitor in
                let (values, status) = try await SearchPage(registry: registry).values(form: WebForm(request.uri.query ?? ""), visitor: visitor)
                return ("search", values, status)
            }
        }
        web.get("product/:id") { request, context in
            let id = try Wire.id("id", context)
            return try await page(request) { visitor in ("product", try await ProductPage(registry: registry).values(id: id, visitor: visitor), 200) }
        }
        web.get("product/:id/preview/:slug") { request, context in
            try await preview(request, id: try Wire.id("id", context), slug: try Wire.parameter("slug", context))
        }
        web.get("collection/:id") { request, context in
            let id = try Wire.id("id", context)
            return try await page(request) { visitor in
                ("collection", try await CollectionPage(registry: registry).values(id: id, visitor: visitor), 200)
            }
        }
        web.get("login") { request, _ in
            guard gatekeeper.policy != .none else { return WebPage.redirect(to: "/web") }
            return try await page(request, needsRead: false) { _ in ("login", ["publicReads": gatekeeper.policy == .keys(publicReads: true)], 200) }
        }
        web.post("login") { request, _ in try await logIn(request) }
        web.post("logout") { request, _ in
            try sameOrigin(request)
            var response = WebPage.redirect(to: "/web")
            response.setCookie(WebVisitor.logoutCookie(secure: secureCookies))
            return response
        }
        web.get("style.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: WebStylesheet.text)))
        }
    }

    /// A page for the visitor of `request`: the template and values `body` gives, or the error page for a
    /// `WebError` (and a logged 500 for anything else). A visitor who may read nothing is sent to the login form.
    private func page(
        _ request: Request, needsRead: Bool = true, _ body: (WebVisitor) async throws -> (String, [String: Any], Int)
    ) async throws -> Response {
        let started = ContinuousClock.now
        let visitor = try await WebVisitor.of(request, gatekeeper: gatekeeper)
        if needsRead && !visitor.mayRead {
            var response = WebPage.redirect(to: "/web/login")
            if visitor.staleCookie { response.setCookie(WebVisitor.logoutCookie(secure: secureCookies)) }
            return response
        }
        do {
            let (template, values, status) = try await body(visitor)
            return try WebPage.render(
                template, values, visitor: visitor, status: HTTPResponse.Status(code: status), started: started, secureCookies: secureCookies)
        } catch let error as WebError {
            return try errorPage(error, visitor: visitor, started: started)
        } catch {
            logger.error("\(request.method) \(request.uri.path) failed: \(error)")
            return try errorPage(WebError(500, "The registry failed to show this page."), visitor: visitor, started: started)
        }
    }

    private func errorPage(_ error: WebError, visitor: WebVisitor, started: ContinuousClock.Instant) throws -> Response {
        let heading = switch error.status {
        case 404: "Not found"
        case 400: "Not a valid request"
        case 401, 403: "Not allowed"
        default: "Something went wrong"
        }
        return try WebPage.render(
            "error", ["heading": heading, "message": error.message], visitor: visitor, status: HTTPResponse.Status(code: error.status),
            started: started, secureCookies: secureCookies)
    }

    /// `POST /web/login`: checks the key as the API would and keeps it in the login cookie.
    private func logIn(_ request: Request) async throws -> Response {
        guard gatekeeper.policy != .none else { return WebPage.redirect(to: "/web") }
        try sameOrigin(request)
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: WebRoutes.formLimit)
        } catch {
            throw HippoError(413, "the login form is larger than \(WebRoutes.formLimit) bytes")
        }
        let key = WebForm(String(buffer: buffer))["key"].trimmingCharacters(in: .whitespacesAndNewlines)
        // A key the registry made is `hippo_` and hex digits; anything else is not one, and could not sit in a cookie.
        let plausible = !key.isEmpty && key.utf8.count <= 256 && key.utf8.allSatisfy { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
        guard plausible, try await gatekeeper.keys.caller(forKey: key) != nil else {
            return try await page(request, needsRead: false) { _ in
                (
                    "login",
                    [
                        "hasProblem": true, "problem": "This key is not known to the registry.",
                        "publicReads": gatekeeper.policy == .keys(publicReads: true),
                    ], 401
                )
            }
        }
        var response = WebPage.redirect(to: "/web")
        response.setCookie(WebVisitor.loginCookie(key: key, secure: secureCookies))
        return response
    }

    /// Throws 403 for a form another site's page sent: a browser names the page's origin, which must be ours
    /// (`null`, an origin a page hid, is refused too).
    private func sameOrigin(_ request: Request) throws {
        guard let origin = request.headers[.origin] else { return }
        let host = request.head.authority ?? ""
        guard let url = URL(string: origin), let originHost = url.host else { throw HippoError(403, "this form comes from another site") }
        let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
        guard originAuthority.lowercased() == host.lowercased() else { throw HippoError(403, "this form comes from another site") }
    }

    /// `GET /web/product/{id}/preview/{slug}`: the PNG preview of a FITS source the visitor may read; 404 for
    /// anything else, including a product the visitor may not read.
    private func preview(_ request: Request, id: String, slug: String) async throws -> Response {
        let visitor = try await WebVisitor.of(request, gatekeeper: gatekeeper)
        let notFound = HippoError(404, "no preview of \(slug) for product \(id)")
        guard visitor.mayRead else { throw notFound }
        let files: JSONValue
        do {
            files = try await registry.files(id: id, caller: visitor.caller, baseURL: registry.publicURL)
        } catch is HippoError {
            throw notFound
        }
        guard let file = files["files"]?[slug], let uuid = file["uuid"]?.stringValue, file["available"] == .bool(true),
            WebFormat.isFITS(file["name"]?.stringValue ?? ""), (file["size"]?.intValue ?? .max) <= ProductPage.largestPreviewedFITS,
            let path = try await registry.localPath(ofFile: uuid), let png = await previews.png(uuid: uuid, path: path)
        else { throw notFound }
        return Response(
            status: .ok,
            headers: [.contentType: "image/png", .cacheControl: "private, max-age=86400", WebPage.field("X-Content-Type-Options"): "nosniff"],
            body: .init(byteBuffer: ByteBuffer(bytes: png)))
    }
}
