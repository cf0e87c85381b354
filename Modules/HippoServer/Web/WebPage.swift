import Foundation
import HippoMeta
import Hummingbird
import Mustache

/// Renders a template into an answer with the headers every page carries, and the pieces several pages share.
enum WebPage {
    /// What a page may load: our stylesheet, images from anywhere (sources come through signed URLs, which may name
    /// another host or an S3 endpoint), no script at all, forms only to ourselves. Escaping keeps markup out of the
    /// pages; this would keep a script that slipped through from running.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src * data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// The page `template` shows with `values` (plus the visitor's header), with its server time in `Server-Timing`.
    static func render(
        _ template: String, _ values: [String: Any], visitor: WebVisitor, status: HTTPResponse.Status = .ok, started: ContinuousClock.Instant,
        secureCookies: Bool
    ) throws -> Response {
        let library = try WebTemplates.compiled.get()
        var values = values
        values["visitor"] = visitor.values
        guard let html = library.render(values, withTemplate: template) else { throw WebError(500, "the page \(template) has no template") }
        var response = Response(status: status, headers: headers(started: started), body: .init(byteBuffer: ByteBuffer(string: html)))
        if visitor.staleCookie { response.setCookie(WebVisitor.logoutCookie(secure: secureCookies)) }
        return response
    }

    /// The headers of every page: HTML, not cached (what a page shows depends on who asks), not framed, a referrer
    /// only to ourselves (pages name ids, other hosts need not see them; `no-referrer` would make the browser send
    /// `Origin: null` with the login form, which the same-origin check must refuse), and how long the server took.
    static func headers(started: ContinuousClock.Instant) -> HTTPFields {
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .contentSecurityPolicy: contentSecurityPolicy,
            field("X-Content-Type-Options"): "nosniff", field("Referrer-Policy"): "same-origin",
            field("X-Frame-Options"): "DENY", field("Server-Timing"): String(format: "render;dur=%.3f", milliseconds),
        ]
    }

    /// A header name this file spells out (a constant, always valid).
    static func field(_ name: String) -> HTTPFields.Element.Name { HTTPFields.Element.Name(name)! }

    /// A redirect after a form (303, so the browser follows with GET).
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// A product as a card of a list.
    static func card(_ product: ProductMetadata) -> [String: Any] {
        [
            "id": product.id, "name": product.name, "version": product.version, "type": MetadataKind.of(product.metadata).tag,
            "hasDescription": !product.description.isEmpty, "description": excerpt(product.description), "owner": product.owner,
            "ownerQuery": WebForm.encode(product.owner), "updated": product.updated, "updatedText": WebFormat.time(product.updated),
            "sourceCount": WebFormat.count(product.sources.count, "source"),
        ]
    }

    /// A collection as a card of a list.
    static func card(_ collection: CollectionRow) -> [String: Any] {
        [
            "id": collection.id, "name": collection.name, "hasDescription": !collection.description.isEmpty,
            "description": excerpt(collection.description), "owner": collection.owner, "ownerQuery": WebForm.encode(collection.owner),
        ]
    }

    /// At most 300 characters of a description, for lists.
    static func excerpt(_ text: String) -> String { text.count <= 300 ? text : String(text.prefix(299)) + "…" }
}
