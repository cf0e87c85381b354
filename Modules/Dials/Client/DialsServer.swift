/// Where DIALS is: base URL, route and version (production unless overridden for a local DIALS), and the workspace.
public struct DialsServer: Sendable, Hashable {
    /// The production DIALS.
    public static let productionBaseURL = "https://cmsdials-api.web.cern.ch/"

    /// The site, e.g. `http://localhost:8000/`.
    public var baseURL: String
    /// The API route, `api/`.
    public var route: String
    /// The API version, `v1/`.
    public var version: String
    /// The workspace sent in the `Workspace` header; nil lets DIALS pick from the user's e-groups.
    public var workspace: String?

    /// A DIALS location; each part is made to end with `/`, as cmsdials does.
    public init(baseURL: String = DialsServer.productionBaseURL, route: String = "api/", version: String = "v1/", workspace: String? = nil) {
        self.baseURL = Self.slashed(baseURL)
        self.route = Self.slashed(route)
        self.version = Self.slashed(version)
        self.workspace = workspace
    }

    /// `base + route + version`.
    public var apiURL: String { baseURL + route + version }

    private static func slashed(_ part: String) -> String { part.hasSuffix("/") ? part : part + "/" }
}
