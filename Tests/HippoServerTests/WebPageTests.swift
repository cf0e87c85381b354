import Foundation
@testable import HippoServer
import SciCore
import SciFITS
import TestSupport
import Testing

/// The registry's web pages over real HTTP on loopback: escaping, what each visitor may see, the login cookie,
/// search by metadata fields, versions, downloads and FITS previews.
@Suite("Web pages")
struct WebPageTests {
    static let hostile = "<script>alert(1)</script>"

    /// A `--public` registry holding: a public product with a hostile name and description, a public beam with a file
    /// and two versions, a private product of bob's, mapsets and a numeric product, a public collection holding the
    /// public products with a public and a private child collection.
    struct Fixture {
        let registry: RunningRegistry
        let scratch: TemporaryDirectory
        let bob: Secret, alice: Secret
        let hostileID: String, beamID: String, beamV2: String, secretID: String, healpixID: String, cartesianID: String
        let numericID: String, collectionID: String, childID: String, privateChildID: String
        let beamFile: String

        init(public publicReads: Bool = true, database: String? = nil) async throws {
            let registry = try await RunningRegistry(access: .keys(publicReads: publicReads)) { $0.database = database }
            self.registry = registry
            let scratch = try TemporaryDirectory("hippo-web")
            self.scratch = scratch
            let keys = APIKeys(pool: registry.server.registry.pool)
            let bob = try keys.add(name: "bob", scopes: [.read, .write])
            self.bob = bob
            alice = try keys.add(name: "alice", scopes: [.read])
            func create(_ name: String, description: String = "", metadata: JSONValue = .null, readers: [String] = ["public"]) async throws -> String {
                try await registry.call(
                    .put, "/product/new",
                    .object([
                        "name": .string(name), "description": .string(description), "metadata": metadata,
                        "product_readers": .array(readers.map { .string($0) }),
                    ]))["id"]!.stringValue!
            }
            hostileID = try await create(WebPageTests.hostile, description: "<img src=x onerror=alert(2)> & \"quotes\" 'too'",
                metadata: ["metadata_type": "beam", "telescope": "<b>ACT</b>"])
            let beamFile = scratch.path + "/beam.png"
            self.beamFile = beamFile
            try Data(WebPageTests.pattern(size: 5000)).write(to: URL(fileURLWithPath: beamFile))
            beamID = try await registry.push(name: "Daynight beam", files: ["data": beamFile], metadata: ["metadata_type": "beam"])
            try await registry.call(.post, "/product/\(self.beamID)/update", ["level": nil, "add_readers": ["public"]])
            beamV2 = try await registry.call(
                .post, "/product/\(self.beamID)/update", ["level": 1, "metadata": ["metadata_type": "beam", "telescope": "ACT"]])["id"]!.stringValue!
            healpixID = try await create("Healpix survey", metadata: ["metadata_type": "mapset", "pixelisation": "healpix", "tags": ["deep", "wide"]])
            cartesianID = try await create("Cartesian survey", metadata: ["metadata_type": "mapset", "pixelisation": "cartesian", "split": 3])
            numericID = try await create("Noise level", metadata: ["metadata_type": "numeric", "value": 3.5])
            // Bob's own product: readers are bob (and admins) only.
            let answer = try await registry.raw(
                "PUT", "/product/new", headers: [("Authorization", "Bearer \(bob.reveal())"), ("Content-Type", "application/json")],
                body: Data(#"{"name": "Secret map", "description": "bob only", "metadata": {"metadata_type": "mapset", "pixelisation": "healpix"}, "sources": {}}"#.utf8))
            secretID = try JSONValue(parsing: answer.body)["id"]!.stringValue!
            collectionID = try await registry.call(.put, "/relationships/collection/Public%20set", ["description": "a set", "readers": ["public"]]).stringValue!
            childID = try await registry.call(.put, "/relationships/collection/Child%20set", ["description": "below", "readers": ["public"]]).stringValue!
            privateChildID = try await registry.call(.put, "/relationships/collection/Hidden%20set", ["description": "admins only"]).stringValue!
            for product in [self.hostileID, self.beamV2] { try await registry.call(.put, "/relationships/collection/\(collectionID)/\(product)") }
            try await registry.call(.put, "/relationships/collection/\(self.childID)/\(self.healpixID)")
            try await registry.call(.put, "/relationships/collection/\(self.collectionID)/child_of/\(self.childID)")
            try await registry.call(.put, "/relationships/collection/\(self.collectionID)/child_of/\(self.privateChildID)")
        }

        /// A page as `key`'s holder sees it (anonymous without one).
        func page(_ path: String, key: Secret? = nil) async throws -> RawHTTP.Answer {
            let cookie = key.map { [("Cookie", "\(WebVisitor.cookieName)=\($0.reveal())")] } ?? []
            return try await RawHTTP.send(port: registry.port, method: "GET", path: path, headers: cookie)
        }
    }

    static func pattern(size: Int) -> [UInt8] { (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) } }

    @Test("a hostile product name, description and metadata reach every page escaped")
    func escaping() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.registry.stop() } }
        for path in [
            "/web", "/web/search?q=script", "/web/product/\(fixture.hostileID)", "/web/collection/\(fixture.collectionID)",
            "/web/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&owner=%22%3E%3Cb%3E",
        ] {
            let answer = try await fixture.page(path)
            #expect(answer.status == 200, "\(path)")
            #expect(!answer.text.contains("<script"), "\(path) holds a script element")
            #expect(!answer.text.contains("<img src=x"), "\(path) holds the hostile image")
            #expect(!answer.text.contains("<b>"), "\(path) holds hostile markup")
            #expect(answer.headers["content-security-policy"]?.contains("default-src 'none'") == true)
        }
        let product = try await fixture.page("/web/product/\(fixture.hostileID)").text
        #expect(product.contains("<h1 id=\"product-name\">&lt;script&gt;alert(1)&lt;/script&gt;</h1>"))
        #expect(product.contains("&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quotes&quot; &#39;too&#39;"))
        #expect(product.contains("&lt;b&gt;ACT&lt;/b&gt;"))
        let search = try await fixture.page("/web/search?q=%3Cscript%3E&owner=%22%3E%3Cb%3E").text
        #expect(search.contains("value=\"&lt;script&gt;\""))
        #expect(search.contains("value=\"&quot;&gt;&lt;b&gt;\""))
    }

    @Test("a private product is never shown, listed or counted to a visitor who may not read it")
    func privateProducts() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.registry.stop() } }
        let lists = [
            "/web", "/web/search?q=secret+map", "/web/search?owner=bob", "/web/search?type=mapset&mapset.pixelisation=healpix",
            "/web/search?q=", "/web/collection/\(fixture.collectionID)",
        ]
        for key in [nil, fixture.alice] {
            for path in lists {
                let answer = try await fixture.page(path, key: key)
                #expect(answer.status == 200)
                #expect(!answer.text.contains("Secret map") && !answer.text.contains(fixture.secretID), "\(path) as \(key == nil ? "anonymous" : "alice")")
                #expect(!answer.text.contains("Hidden set"), "\(path) shows the private collection")
            }
            // Unknown and unreadable look the same: the same status and the same page.
            let secret = try await fixture.page("/web/product/\(fixture.secretID)", key: key)
            let unknown = try await fixture.page("/web/product/0123456789abcdef01234567", key: key)
            #expect(secret.status == 404 && unknown.status == 404)
            #expect(secret.text.replacingOccurrences(of: fixture.secretID, with: "") == unknown.text.replacingOccurrences(of: "0123456789abcdef01234567", with: ""))
            #expect(try await fixture.page("/web/collection/\(fixture.privateChildID)", key: key).status == 404)
        }
        // Healpix mapsets: anonymous sees one; bob also his own; the result list counts only what each may read.
        let anonymous = try await fixture.page("/web/search?type=mapset&mapset.pixelisation=healpix").text
        #expect(anonymous.components(separatedBy: "class=\"card\"").count - 1 == 1)
        let bobs = try await fixture.page("/web/search?type=mapset&mapset.pixelisation=healpix", key: fixture.bob).text
        #expect(bobs.components(separatedBy: "class=\"card\"").count - 1 == 2)
        #expect(bobs.contains("Secret map"))
        #expect(try await fixture.page("/web/product/\(fixture.secretID)", key: fixture.bob).status == 200)
        // Readers and writers are shown to those who may change the product only.
        #expect(try await fixture.page("/web/product/\(fixture.secretID)", key: fixture.bob).text.contains("<h2>Access</h2>"))
        #expect(!(try await fixture.page("/web/product/\(fixture.beamV2)", key: fixture.alice).text.contains("<h2>Access</h2>")))
        #expect(try await fixture.page("/web/collection/\(fixture.privateChildID)", key: fixture.registry.key).status == 200)
    }

    @Test("login keeps a known key in an HttpOnly, SameSite=Strict cookie; logout clears it; an unknown key is refused")
    func login() async throws {
        let fixture = try await Fixture(public: false)
        defer { Task { await fixture.registry.stop() } }
        let port = fixture.registry.port
        // Without a key, a private registry's pages send the visitor to the login form.
        let home = try await fixture.page("/web")
        #expect(home.status == 303 && home.headers["location"] == "/web/login")
        #expect(try await fixture.page("/web/login").text.contains("name=\"key\""))
        let form = [("Content-Type", "application/x-www-form-urlencoded")]
        let wrong = try await RawHTTP.send(port: port, method: "POST", path: "/web/login", headers: form, body: Data("key=hippo_0000".utf8))
        #expect(wrong.status == 401 && wrong.text.contains("This key is not known to the registry."))
        #expect(wrong.headers["set-cookie"] == nil)
        let right = try await RawHTTP.send(
            port: port, method: "POST", path: "/web/login", headers: form + [("Origin", "http://127.0.0.1:\(port)")],
            body: Data("key=\(fixture.alice.reveal())".utf8))
        #expect(right.status == 303 && right.headers["location"] == "/web")
        let cookie = try #require(right.headers["set-cookie"])
        #expect(cookie.hasPrefix("\(WebVisitor.cookieName)=\(fixture.alice.reveal());"))
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/web", "Max-Age=604800"] { #expect(cookie.contains(attribute), "\(attribute)") }
        #expect(!cookie.contains("Secure"))
        let page = try await fixture.page("/web", key: fixture.alice)
        #expect(page.status == 200 && page.text.contains("<span class=\"user\" id=\"visitor\">alice</span>") && page.text.contains("Log out"))
        // Another site's form cannot log anyone in or out.
        let forged = try await RawHTTP.send(
            port: port, method: "POST", path: "/web/login", headers: form + [("Origin", "http://evil.example")],
            body: Data("key=\(fixture.alice.reveal())".utf8))
        #expect(forged.status == 403 && forged.headers["set-cookie"] == nil)
        let hidden = try await RawHTTP.send(
            port: port, method: "POST", path: "/web/login", headers: form + [("Origin", "null")], body: Data("key=\(fixture.alice.reveal())".utf8))
        #expect(hidden.status == 403)
        let logout = try await RawHTTP.send(port: port, method: "POST", path: "/web/logout", headers: [("Cookie", "\(WebVisitor.cookieName)=\(fixture.alice.reveal())")])
        #expect(logout.status == 303)
        #expect(logout.headers["set-cookie"]?.hasPrefix("\(WebVisitor.cookieName)=;") == true)
        #expect(logout.headers["set-cookie"]?.contains("Max-Age=0") == true)
        // A revoked key's cookie is cleared and its holder sent to log in again.
        #expect(try APIKeys(pool: fixture.registry.server.registry.pool).revoke(name: "alice"))
        let stale = try await fixture.page("/web", key: fixture.alice)
        #expect(stale.status == 303 && stale.headers["set-cookie"]?.contains("Max-Age=0") == true)
    }

    @Test("search by words, owner and each kind of metadata field; a value a field cannot hold is a 400 with a message")
    func search() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.registry.stop() } }
        try await Self.checkSearches(fixture)
    }

    @Test(
        "on PostgreSQL too: every search, and no private product in any list",
        .enabled(if: PostgresServer.isInstalled, Comment(rawValue: PostgresServer.missingReason)))
    func searchOnPostgres() async throws {
        let postgres = try PostgresServer()
        let fixture = try await Fixture(database: try PostgresRegistryTests.database(postgres))
        defer { Task { await fixture.registry.stop() } }
        try await Self.checkSearches(fixture)
        for path in ["/web", "/web/search?owner=bob", "/web/search?type=mapset&mapset.pixelisation=healpix", "/web/collection/\(fixture.collectionID)"] {
            let answer = try await fixture.page(path, key: fixture.alice)
            #expect(answer.status == 200 && !answer.text.contains("Secret map") && !answer.text.contains("Hidden set"), "\(path)")
        }
        #expect(try await fixture.page("/web/product/\(fixture.secretID)", key: fixture.alice).status == 404)
        #expect(try await fixture.page("/web/product/\(fixture.beamV2)").text.contains("telescope: none → “ACT”"))
    }

    static func checkSearches(_ fixture: Fixture) async throws {
        func names(_ query: String, key: Secret? = nil) async throws -> [String] {
            let text = try await fixture.page("/web/search?\(query)", key: key).text
            return text.components(separatedBy: "<a class=\"name\" href=\"/web/product/").dropFirst().map { String($0.prefix(24)) }
        }
        #expect(try await names("q=survey").sorted() == [fixture.cartesianID, fixture.healpixID].sorted())
        #expect(try await names("type=mapset&mapset.pixelisation=cartesian") == [fixture.cartesianID])
        #expect(try await names("type=mapset&mapset.tags=deep") == [fixture.healpixID])
        #expect(try await names("type=mapset&mapset.tags=dee").isEmpty)
        #expect(try await names("type=mapset&mapset.split=3") == [fixture.cartesianID])
        #expect(try await names("type=numeric&numeric.value=3.5") == [fixture.numericID])
        #expect(try await names("type=beam&beam.telescope=act").sorted() == [fixture.hostileID, fixture.beamV2].sorted())
        // A field of another type than the one chosen is ignored.
        #expect(try await names("type=numeric&mapset.pixelisation=healpix") == [fixture.numericID])
        #expect(try await names("owner=bob", key: fixture.bob) == [fixture.secretID])
        #expect(try await names("q=survey&type=mapset&mapset.pixelisation=healpix") == [fixture.healpixID])
        // Wildcards are literal.
        #expect(try await names("type=beam&beam.telescope=%25").isEmpty)
        let wrongNumber = try await fixture.page("/web/search?type=numeric&numeric.value=lots")
        #expect(wrongNumber.status == 400 && wrongNumber.text.contains("value is a number, not lots."))
        let wrongChoice = try await fixture.page("/web/search?type=mapset&mapset.pixelisation=round")
        #expect(wrongChoice.status == 400 && wrongChoice.text.contains("pixelisation is one of equirectangular, healpix, cartesian, not round."))
        #expect(try await fixture.page("/web/search?type=nosuch").status == 400)
        #expect(try await fixture.page("/web/search?page=0").status == 400)
        #expect(try await fixture.page("/web/search?page=201").status == 400)
        #expect(try await fixture.page("/web/search?page=200").status == 200)
        #expect(try await fixture.page("/web/search?page=99999999999999999999").status == 400)
        // The form offers every type, and each enum field's choices.
        let form = try await fixture.page("/web/search").text
        for tag in ["archive", "beam", "camera", "catalog", "mapset", "numeric", "simple"] { #expect(form.contains("<option value=\"\(tag)\">")) }
        #expect(form.contains("<select name=\"mapset.pixelisation\"><option value=\"\">any</option><option>equirectangular</option><option>healpix</option><option>cartesian</option></select>"))
        #expect(form.contains("<select name=\"catalog.file_type\">"))
        // Collections are found by name too.
        #expect(try await fixture.page("/web/search?q=set").text.contains("/web/collection/\(fixture.collectionID)"))
    }

    @Test("the product page: metadata table, sources with a signed link that downloads the file, versions with their changes")
    func productPage() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.registry.stop() } }
        let page = try await fixture.page("/web/product/\(fixture.beamV2)")
        #expect(page.status == 200)
        let text = page.text
        #expect(text.contains("<tr><th scope=\"row\">telescope</th><td><div>ACT</div></td></tr>"))
        #expect(text.contains("<td title=\"5000 bytes\">4.9 KiB</td>"))
        let checksum = try Checksum.xxh64(ofFileAt: fixture.beamFile).description
        #expect(text.contains("<code class=\"checksum\">\(checksum)</code>"))
        #expect(text.contains("telescope: none → “ACT”"))
        #expect(text.contains("first version"))
        #expect(text.contains("href=\"/web/product/\(fixture.beamID)\">v1.0.0</a>"))
        #expect(text.contains("/web/collection/\(fixture.collectionID)"))
        // A png source is shown inline, from the same signed URL the link downloads.
        let link = try #require(text.components(separatedBy: "<a class=\"download\" href=\"").dropFirst().first?.components(separatedBy: "\"").first)
        let url = link.replacingOccurrences(of: "&amp;", with: "&")
        #expect(url.hasPrefix(fixture.registry.baseURL + "/download/") && url.contains("signature="))
        #expect(text.contains("<img src=\"\(link)\""))
        let path = String(url.dropFirst(fixture.registry.baseURL.count))
        let download = try await RawHTTP.send(port: fixture.registry.port, method: "GET", path: path)
        #expect(download.status == 200 && Array(download.body) == WebPageTests.pattern(size: 5000))
        // The older version says it is not current.
        #expect(try await fixture.page("/web/product/\(fixture.beamID)").text.contains("not the current version"))
        #expect(try await fixture.page("/web/product/not-an-id").status == 404)
    }

    @Test("the collection page shows its tree of readable products and child collections")
    func collectionPage() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.registry.stop() } }
        let text = try await fixture.page("/web/collection/\(fixture.collectionID)").text
        #expect(text.contains("<h1 id=\"collection-name\">Public set</h1>"))
        #expect(text.contains("/web/collection/\(fixture.childID)\">Child set</a>"))
        #expect(text.contains("/web/product/\(fixture.healpixID)\">Healpix survey</a>"))
        #expect(text.contains("/web/product/\(fixture.beamV2)\">Daynight beam</a>"))
        #expect(!text.contains("Hidden set"))
        let admin = try await fixture.page("/web/collection/\(fixture.collectionID)", key: fixture.registry.key).text
        #expect(admin.contains("Hidden set"))
        let child = try await fixture.page("/web/collection/\(fixture.childID)").text
        #expect(child.contains("<dt>Inside</dt><dd><a href=\"/web/collection/\(fixture.collectionID)\">Public set</a>"))
    }

    @Test("a FITS source gets a PNG preview of its image; --no-web serves no pages")
    func fitsPreviewAndNoWeb() async throws {
        let registry = try await RunningRegistry(access: .none)
        defer { Task { await registry.stop() } }
        let scratch = try TemporaryDirectory("hippo-web-fits")
        let path = scratch.path + "/field.fits"
        let fits = try FITSFile.create(path)
        var image = FITSImage<Float>(width: 40, height: 30)
        for y in 0..<30 { for x in 0..<40 { image[x: x, y: y] = Float(x + 100 * y) } }
        _ = try fits.appendImage(image)
        try fits.close()
        let id = try await registry.push(name: "Star field", files: ["data": path])
        let page = try await RawHTTP.send(port: registry.port, method: "GET", path: "/web/product/\(id)")
        #expect(page.text.contains("<img src=\"/web/product/\(id)/preview/data\""))
        let png = try await RawHTTP.send(port: registry.port, method: "GET", path: "/web/product/\(id)/preview/data")
        #expect(png.status == 200 && png.headers["content-type"] == "image/png")
        #expect(Array(png.body.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR: 40 × 30, 8-bit greyscale.
        #expect(Array(png.body[16..<26]) == [0, 0, 0, 40, 0, 0, 0, 30, 8, 0])
        #expect(try await RawHTTP.send(port: registry.port, method: "GET", path: "/web/product/\(id)/preview/nothing").status == 404)

        let quiet = try await RunningRegistry(access: .none) { $0.web = false }
        defer { Task { await quiet.stop() } }
        #expect(try await RawHTTP.send(port: quiet.port, method: "GET", path: "/web").status == 404)
        #expect(try await RawHTTP.send(port: quiet.port, method: "GET", path: "/product/search/x").status == 200)
    }

    @Test("previews scale between percentiles and put the first FITS row at the bottom")
    func previewPixels() throws {
        // A 2 × 2 image, rows from the bottom: 0 1 / 2 3. The picture's top row is FITS's last.
        let png = try #require(FITSPreview.preview(width: 2, height: 2, pixels: [0, 1, 2, 3]))
        // Stored deflate: after the zlib header, one block of 2 rows of (filter byte + 2 pixels).
        let data = Array(png[(8 + 25 + 8)...])
        let rows = Array(data[(2 + 5)..<(2 + 5 + 6)])
        #expect(rows == [0, 255, 255, 0, 0, 128])
        #expect(PNGWriter.crc32(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(FITSPreview.preview(width: 0, height: 2, pixels: []) == nil)
    }
}
