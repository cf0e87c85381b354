#!/usr/bin/env python3
"""Drives headless Chromium through the registry's web pages over its DevTools protocol (stdlib only).

Usage: hippo-web-browser.py BASE_URL WORK SHOTS   with ADMIN_KEY, BOB_KEY and ALICE_KEY in the environment.

First fills the registry through HIPPO's API (as any client would): public products of several metadata types, one
with a PNG and one with a FITS source, a revised product, one whose name is `<script>alert(1)</script>`, bob's private
product, and a public collection with a public and a private child collection. Then, in Chromium: loads every page
kind, follows links, runs each search (words, owner, a metadata field picked from its type's fields, a number),
downloads a file and compares its xxh64 with the one the page shows, logs in and out (checking the cookie's flags),
and checks the DOM for what must be there and what must not (private products, unescaped markup, any script
element). Screenshots of the main pages (desktop, phone, dark) go to SHOTS. Prints one line per check; exits 1 at
the first failure.
"""
import base64, hashlib, json, math, os, socket, struct, subprocess, sys, tempfile, time, urllib.parse, urllib.request, zlib

base, work, shots = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
admin_key, bob_key, alice_key = os.environ["ADMIN_KEY"], os.environ["BOB_KEY"], os.environ["ALICE_KEY"]
os.makedirs(shots, exist_ok=True)


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)
    print(f"ok   {message}")


# --- Filling the registry through its API -------------------------------------------------------------------------

def api(method, path, body=None, key=admin_key):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {key}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"null")


def xxh64(path):
    return "xxh64:" + subprocess.run(["xxhsum", "-H1", path], check=True, capture_output=True, text=True).stdout.split()[0]


def create(name, metadata, files=None, readers=("public",), key=admin_key, description=""):
    """PUT /product/new, the part uploads, complete and confirm: the whole flow a client runs."""
    files = files or {}
    sources = {slug: {"name": os.path.basename(p), "size": os.path.getsize(p), "checksum": xxh64(p), "description": f"the {slug} file"}
               for slug, p in files.items()}
    answer = api("PUT", "/product/new", {"name": name, "description": description, "metadata": metadata, "sources": sources,
                                         "product_readers": list(readers), "multipart_batch_size": 1 << 20}, key=key)
    if files:
        headers, sizes = {}, {}
        for slug, p in files.items():
            name_ = os.path.basename(p)
            data = open(p, "rb").read()
            parts = answer["upload_urls"][name_]
            headers[name_], sizes[name_] = [], []
            for index, url in enumerate(parts):
                chunk = data[index << 20:(index + 1) << 20]
                request = urllib.request.Request(url, data=chunk, method="PUT")
                with urllib.request.urlopen(request) as response:
                    headers[name_].append({"ETag": response.headers["ETag"]})
                sizes[name_].append(len(chunk))
        api("POST", f"/product/{answer['id']}/complete", {"headers": headers, "sizes": sizes}, key=key)
        api("POST", f"/product/{answer['id']}/confirm", key=key)
    return answer["id"]


def png(path, width=96, height=64):
    rows = b"".join(b"\x00" + bytes((x * 255 // width) for x in range(width)) for _ in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def fits(path, size=128):
    """A star field: float32 pixels, a few Gaussian stars on a gentle gradient (fixed positions)."""
    stars = [(30, 40, 900), (90, 25, 500), (64, 100, 1500), (100, 90, 300), (20, 110, 700)]
    pixels = []
    for y in range(size):
        for x in range(size):
            value = 10 + 0.05 * x + sum(f * math.exp(-((x - sx) ** 2 + (y - sy) ** 2) / 8) for sx, sy, f in stars)
            pixels.append(value)
    cards = ["SIMPLE  =                    T", "BITPIX  =                  -32", "NAXIS   =                    2",
             f"NAXIS1  = {size:20d}", f"NAXIS2  = {size:20d}", "OBJECT  = 'synthetic field'", "END"]
    header = "".join(card.ljust(80) for card in cards)
    header += " " * (-len(header) % 2880)
    data = struct.pack(f">{len(pixels)}f", *pixels)
    data += b"\x00" * (-len(data) % 2880)
    with open(path, "wb") as f:
        f.write(header.encode() + data)


png(f"{work}/beam.png")
fits(f"{work}/field.fits")
ids = {}
ids["beam1"] = create("Daynight beam", {"metadata_type": "beam", "instrument": "MF"}, {"data": f"{work}/beam.png"},
                      description="The daytime beam of the MF arrays.")
ids["beam"] = api("POST", f"/product/{ids['beam1']}/update", {"level": 1, "metadata": {"metadata_type": "beam", "instrument": "MF", "telescope": "ACT"}})["id"]
ids["hostile"] = create("<script>alert(1)</script>", {"metadata_type": "simple"},
                        description="<img src=x onerror=alert(2)> and <b>bold</b> claims")
ids["healpix"] = create("Healpix survey map", {"metadata_type": "mapset", "pixelisation": "healpix", "telescope": "ACT", "tags": ["deep", "wide"]},
                        {"map": f"{work}/field.fits"}, description="A synthetic field, shown as a FITS preview.")
ids["cartesian"] = create("Cartesian survey map", {"metadata_type": "mapset", "pixelisation": "cartesian", "split": 3})
ids["numeric"] = create("Noise level", {"metadata_type": "numeric", "value": 3.5})
ids["secret"] = create("Secret plan map", {"metadata_type": "mapset", "pixelisation": "healpix"}, readers=(), key=bob_key)
ids["set"] = api("PUT", "/relationships/collection/ACT%20DR6", {"description": "Public DR6 products", "readers": ["public"]})
ids["surveys"] = api("PUT", "/relationships/collection/Surveys", {"description": "Survey maps", "readers": ["public"]})
ids["hidden"] = api("PUT", "/relationships/collection/Hidden%20plans", {"description": "admins only"})
for product in (ids["beam"], ids["hostile"]):
    api("PUT", f"/relationships/collection/{ids['set']}/{product}")
for product in (ids["healpix"], ids["cartesian"]):
    api("PUT", f"/relationships/collection/{ids['surveys']}/{product}")
api("PUT", f"/relationships/collection/{ids['set']}/child_of/{ids['surveys']}")
api("PUT", f"/relationships/collection/{ids['set']}/child_of/{ids['hidden']}")
print(f"ok   filled the registry: {len(ids)} products and collections")


# --- A DevTools protocol client over a hand-written WebSocket -----------------------------------------------------

class DevTools:
    def __init__(self, ws_url):
        parsed = urllib.parse.urlparse(ws_url)
        self.sock = socket.create_connection((parsed.hostname, parsed.port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {parsed.path} HTTP/1.1\r\nHost: {parsed.hostname}:{parsed.port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.sock.recv(4096)
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            fail(f"DevTools refused the WebSocket: {head[:200]!r}")
        self.next_id, self.events, self.session = 0, [], None

    def _read(self, count):
        while len(self.buffer) < count:
            data = self.sock.recv(1 << 16)
            if not data:
                fail("Chromium closed the DevTools connection")
            self.buffer += data
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def _message(self):
        payload = b""
        while True:
            first, second = self._read(2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            payload += self._read(length)
            if first & 0x80:  # FIN
                return json.loads(payload)

    def send(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        data = json.dumps(message).encode()
        mask = os.urandom(4)
        header = bytes([0x81])
        if len(data) < 126:
            header += bytes([0x80 | len(data)])
        elif len(data) < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(data))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(data))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))
        while True:
            answer = self._message()
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    fail(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_event(self, method, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for index, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(index)
            self.sock.settimeout(max(0.1, deadline - time.time()))
            try:
                self.events.append(self._message())
            except socket.timeout:
                break
            finally:
                self.sock.settimeout(60)
        fail(f"no {method} within {timeout} s")

    def js(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            fail(f"script {expression[:80]!r}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def settle(self, expression, timeout=10):
        """The value of `expression` once it is truthy (images load after the page), or its last value."""
        deadline = time.time() + timeout
        while True:
            value = self.js(expression)
            if value or time.time() > deadline:
                return value
            time.sleep(0.1)

    def load(self, url=None, action=None):
        """Navigates to `url` (or runs `action`, a click or a submit) and waits for the new page to load."""
        self.events = [e for e in self.events if e.get("method") != "Page.loadEventFired"]
        if url:
            self.send("Page.navigate", {"url": url})
        else:
            self.js(action)
        self.wait_event("Page.loadEventFired")
        return self.js("location.href")

    def screenshot(self, name, width=1280, mobile=False, dark=False):
        self.send("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": mobile})
        height = min(4000, int(self.js("document.documentElement.scrollHeight")))
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        with open(os.path.join(shots, name), "wb") as f:
            f.write(base64.b64decode(data))
        self.send("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        self.send("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "light"}]})


profile = tempfile.mkdtemp(dir=work, prefix="chromium-")
downloads = os.path.join(work, "downloads")
os.makedirs(downloads)
browser = subprocess.Popen(
    ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
     "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", f"--user-data-dir={profile}", "about:blank"],
    stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "chromium.log"), "wb"))
try:
    active = os.path.join(profile, "DevToolsActivePort")
    for _ in range(300):
        if os.path.exists(active) and len(open(active).read().split()) >= 2:
            break
        time.sleep(0.1)
    else:
        fail("Chromium did not open its DevTools port; see chromium.log")
    port, path = open(active).read().split()[:2]
    tools = DevTools(f"ws://127.0.0.1:{port}{path}")
    target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    tools.session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    tools.send("Page.enable")
    tools.send("Network.enable")
    tools.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads, "eventsEnabled": True}, session=False)

    def text():
        return tools.js("document.body.innerText")

    def html():
        return tools.js("document.documentElement.outerHTML")

    def no_markup_from_users(where):
        check(tools.js("document.querySelectorAll('script').length") == 0, f"{where}: no script element")
        check(tools.js("document.querySelectorAll('main img[src=x], main b').length") == 0, f"{where}: no markup from a user")

    def no_private(where):
        page = html()
        check("Secret plan map" not in page and ids["secret"] not in page and "Hidden plans" not in page,
              f"{where}: no private product or collection")

    # Anonymous visitor of a --public registry: the home page.
    tools.load(base + "/web")
    home = text()
    check("Daynight beam" in home and "Healpix survey map" in home and "ACT DR6" in home, "home lists recent products and collections")
    check(tools.js("[...document.querySelectorAll('a.name')].some(a => a.textContent === '<script>alert(1)</script>')"),
          "the product named <script>alert(1)</script> shows as text")
    no_markup_from_users("home")
    no_private("home (anonymous)")
    check(tools.js("getComputedStyle(document.body).backgroundColor") == "rgb(253, 253, 252)", "light colours by default")
    tools.screenshot("home.png")
    tools.screenshot("home-phone.png", width=390, mobile=True)
    tools.screenshot("home-dark.png", dark=True)
    check(os.path.getsize(os.path.join(shots, "home.png")) > 10000, "screenshot of the home page")
    tools.send("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    check(tools.js("getComputedStyle(document.body).backgroundColor") == "rgb(22, 24, 27)", "dark colours under prefers-color-scheme: dark")
    tools.send("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "light"}]})
    tools.send("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    check(tools.js("document.documentElement.scrollWidth <= 390"), "no sideways scrolling on a 390 px phone")
    tools.send("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})

    # Follow a link to the product page: metadata, sources, versions, collections; a PNG inline.
    url = tools.load(action="[...document.querySelectorAll('a.name')].find(a => a.textContent === 'Daynight beam').click()")
    check(url.endswith("/web/product/" + ids["beam"]), "a product link leads to its page")
    page = text()
    check("telescope" in page and "ACT" in page and "instrument" in page, "the metadata table")
    check("telescope: none → “ACT”" in page and "first version" in page, "versions with what changed between them")
    check("ACT DR6" in page, "the collections it belongs to")
    check(tools.settle("document.querySelector('figure.preview img').naturalWidth") == 96, "the PNG source is shown inline")
    no_markup_from_users("product page")
    tools.screenshot("product.png")
    shown = tools.js("document.querySelector('code.checksum').textContent")
    check(shown == xxh64(f"{work}/beam.png"), "the page shows the source's checksum")
    tools.js("document.querySelector('a.download').click()")
    done = None
    for _ in range(300):
        event = tools.wait_event("Browser.downloadProgress")
        if event["params"]["state"] in ("completed", "canceled"):
            done = event["params"]
            break
    check(done and done["state"] == "completed", "the download link downloads")
    files = [f for f in os.listdir(downloads) if not f.endswith(".crdownload")]
    check(len(files) == 1 and xxh64(os.path.join(downloads, files[0])) == shown, "the downloaded file has the checksum the page shows")
    url = tools.load(action="[...document.querySelectorAll('ol.versions a')].find(a => a.textContent === 'v1.0.0').click()")
    check(url.endswith("/web/product/" + ids["beam1"]) and "not the current version" in text(), "an older version's page says it is not current")

    # The FITS preview, rendered by the server.
    tools.load(base + "/web/product/" + ids["healpix"])
    check(tools.settle("document.querySelector('figure.preview img').naturalWidth") == 128, "a FITS source gets a PNG preview")
    check("deep" in text() and "wide" in text() and "healpix" in text(), "list and choice fields in the metadata table")
    tools.screenshot("product-fits.png")

    # The hostile product's page and the collection tree.
    tools.load(base + "/web/product/" + ids["hostile"])
    check(tools.js("document.querySelector('h1').textContent") == "<script>alert(1)</script>", "the hostile name is the page's heading, as text")
    check("<img src=x onerror=alert(2)> and <b>bold</b> claims" in text(), "the hostile description is text")
    no_markup_from_users("hostile product page")
    url = tools.load(action="[...document.querySelectorAll('a')].find(a => a.textContent === 'ACT DR6').click()")
    check(url.endswith("/web/collection/" + ids["set"]), "a collection link leads to its page")
    tree = text()
    check("Surveys" in tree and "Healpix survey map" in tree and "Cartesian survey map" in tree and "Daynight beam" in tree,
          "the collection page shows its tree: products and a child collection's products")
    no_private("collection page (anonymous)")
    tools.screenshot("collection.png")
    url = tools.load(action="[...document.querySelectorAll('.tree summary a')].find(a => a.textContent === 'Surveys').click()")
    check(url.endswith("/web/collection/" + ids["surveys"]) and "ACT DR6" in text(), "a child collection's page names its parent")

    # Searches: the quick box, the owner link, a metadata field picked from its type, a number, a bad number.
    tools.load(base + "/web")
    url = tools.load(action="document.querySelector('.quick input').value = 'survey'; document.querySelector('.quick button').click()")
    found = tools.js("[...document.querySelectorAll('#product-results + ul a.name')].map(a => a.textContent)")
    check(sorted(found) == ["Cartesian survey map", "Healpix survey map"], f"search by words finds the two surveys ({found})")
    tools.load(base + "/web/search")
    hidden = tools.js("getComputedStyle(document.querySelector('.fields-mapset')).display")
    tools.js("document.querySelector('#type').value = 'mapset'")
    shown_now = tools.js("getComputedStyle(document.querySelector('.fields-mapset')).display")
    check(hidden == "none" and shown_now == "grid", "picking a type shows its fields without a script")
    choices = tools.js("[...document.querySelectorAll('select[name=\"mapset.pixelisation\"] option')].map(o => o.textContent)")
    check(choices == ["any", "equirectangular", "healpix", "cartesian"], "an enum field offers its choices")
    tools.js("document.querySelector('select[name=\"mapset.pixelisation\"]').value = 'healpix'")
    tools.load(action="document.querySelector('form.search button').click()")
    found = tools.js("[...document.querySelectorAll('#product-results + ul a.name')].map(a => a.textContent)")
    check(found == ["Healpix survey map"], f"search by a metadata field finds the healpix map only ({found})")
    no_private("metadata search (anonymous)")
    tools.screenshot("search.png")
    tools.load(base + "/web/search?type=numeric")
    tools.js("document.querySelector('input[name=\"numeric.value\"]').value = '3.5'")
    tools.load(action="document.querySelector('form.search button').click()")
    check(tools.js("[...document.querySelectorAll('#product-results + ul a.name')].map(a => a.textContent)") == ["Noise level"],
          "search by a number field")
    tools.js("document.querySelector('input[name=\"numeric.value\"]').value = 'lots'")
    tools.load(action="document.querySelector('form.search button').click()")
    check("value is a number, not lots." in text(), "a word for a number is explained beside the form")
    tools.load(base + "/web/product/" + ids["beam"])
    tools.load(action="document.querySelector('.facts a').click()")
    check("owner=" in tools.js("location.href") and "Daynight beam" in text(), "the owner link searches by owner")
    tools.load(base + "/web/product/" + ids["secret"])
    check("Not found" in text() and "Secret plan map" not in html(), "a private product's page is not found for anonymous")

    # Log in as alice (read only): still no private product; the cookie is HttpOnly and SameSite=Strict.
    def log_in(key, who):
        tools.load(base + "/web/login")
        url = tools.load(action=f"document.querySelector('input[name=key]').value = {json.dumps(key)}; document.querySelector('#login-submit').click()")
        check(url == base + "/web" and tools.js("document.querySelector('#visitor').textContent") == who, f"{who} logs in with an API key")

    tools.load(base + "/web/login")
    tools.screenshot("login.png", width=390, mobile=True)
    tools.load(action="document.querySelector('input[name=key]').value = 'hippo_wrong'; document.querySelector('#login-submit').click()")
    check("This key is not known to the registry." in text(), "a wrong key is refused with a sentence")
    log_in(alice_key, "alice")
    cookies = tools.send("Network.getCookies", {"urls": [base + "/web"]})["cookies"]
    cookie = next((c for c in cookies if c["name"] == "sci_hippo_key"), None)
    check(cookie and cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/web", "the key's cookie is HttpOnly, SameSite=Strict, for /web")
    check(tools.js("document.cookie") == "", "no script can read the key")
    no_private("home (alice)")
    tools.load(base + "/web/search?q=secret+plan")
    no_private("search (alice)")
    tools.load(action="document.querySelector('#logout').click()")
    check(tools.js("document.querySelector('#login') !== null") and not any(c["name"] == "sci_hippo_key" for c in tools.send("Network.getCookies", {"urls": [base + "/web"]})["cookies"]),
          "logging out forgets the key")

    # Bob sees his private product, with its readers and writers; after logging out, it is gone again.
    log_in(bob_key, "bob")
    check("Secret plan map" in text(), "bob sees his private product on the home page")
    url = tools.load(action="[...document.querySelectorAll('a.name')].find(a => a.textContent === 'Secret plan map').click()")
    check(url.endswith(ids["secret"]) and "Readers" in text() and "Writers" in text(), "bob's product page shows its readers and writers")
    tools.load(action="document.querySelector('#logout').click()")
    no_private("home after bob logged out")
finally:
    browser.terminate()
    try:
        browser.wait(10)
    except subprocess.TimeoutExpired:
        browser.kill()
print("ok   browser story done")
