/// A page that cannot be shown: its status and a sentence for the person reading it, rendered as an error page.
struct WebError: Error, Sendable, Equatable {
    /// The HTTP status code.
    let status: Int
    /// What went wrong, for a person.
    let message: String

    init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    /// The one answer for a product or collection that does not exist and for one the visitor may not read, so
    /// a page never tells that a private document exists.
    static func notFound(_ what: String) -> WebError {
        WebError(404, "There is no \(what) with this id that you may read.")
    }
}
