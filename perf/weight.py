"""What a page weighs: its HTML as sent and compressed, and a first visit's HTML, CSS and JS.

A first visit is what a browser with an empty cache downloads to show the
page and start its scripts: the HTML, every stylesheet it links (and their
@imports), every script it loads (and, for modules, everything they import),
each asked for as Chromium asks (`Accept-Encoding: gzip, deflate, br`) and
counted as the bytes of the body that arrive. Fonts and images are not counted.
"""

import gzip
import http.client
import re
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

try:
    import brotli
except ImportError:  # the size brotli would give is then left out
    brotli = None

BROWSER_ENCODINGS = "gzip, deflate, br"
FIRST_VISIT_TARGET_BYTES = 40 * 1024

# Static imports (`import x from "..."`, `import "..."`, `export ... from "..."`) and dynamic `import("...")`.
JS_IMPORT = re.compile(r"""(?:\bimport|\bexport)\s*(?:[\w*{}\s,]+\s*from\s*)?\(?\s*["']([^"']+)["']""")
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)""")


@dataclass
class Weight:
    content_type: str
    html_bytes: int  # uncompressed
    html_sent_bytes: int  # as it arrives when the browser accepts compression
    html_encoding: str  # the Content-Encoding it arrived with ("" for none)
    html_gzip_bytes: int  # what gzip (level 6) would make of it
    html_brotli_bytes: int | None  # what brotli (quality 11, as for static files) would, if brotli is installed
    first_visit_bytes: int  # HTML as sent, plus every CSS and JS file as sent
    assets: list = field(default_factory=list)  # [{"path", "bytes", "encoding"}]

    def as_dict(self):
        return asdict(self)


class AssetFinder(HTMLParser):
    """The stylesheets and scripts an HTML page makes a browser fetch, in page order."""

    def __init__(self):
        super().__init__()
        self.stylesheets, self.scripts, self.inline_modules = [], [], []
        self._in_module = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").lower().split()
        if tag == "link" and attrs.get("href") and ("stylesheet" in rel or "modulepreload" in rel):
            (self.stylesheets if "stylesheet" in rel else self.scripts).append(attrs["href"])
        elif tag == "script":
            if attrs.get("src"):
                self.scripts.append(attrs["src"])
            else:
                self._in_module = attrs.get("type") == "module"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_module = False

    def handle_data(self, data):
        if self._in_module:
            self.inline_modules.append(data)


def get(port, path, *, cookie=None, encodings="identity"):
    """(status, body bytes as they arrive, Content-Encoding, Content-Type) of one GET to the server on loopback."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "127.0.0.1", "Accept-Encoding": encodings}
    if cookie:
        headers["Cookie"] = cookie
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        return response.status, body, response.getheader("Content-Encoding", ""), response.getheader("Content-Type", "")
    finally:
        conn.close()


def compressed_sizes(body):
    """(gzip bytes, brotli bytes or None) of `body`."""
    return len(gzip.compress(body, compresslevel=6)), len(brotli.compress(body)) if brotli else None


def imports_of(path, text):
    """The paths a stylesheet or a JavaScript module at `path` makes the browser fetch next."""
    pattern = CSS_IMPORT if path.split("?")[0].endswith(".css") else JS_IMPORT
    return [local_path(urljoin(path, found)) for found in pattern.findall(text)]


def local_path(url):
    """A URL's path and query, for the same server; None for another origin's."""
    parts = urlsplit(url)
    if parts.scheme and parts.netloc and parts.netloc not in ("127.0.0.1", "localhost"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def page_weight(port, path, *, cookie=None):
    status, html, _, content_type = get(port, path, cookie=cookie)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    _, sent, encoding, _ = get(port, path, cookie=cookie, encodings=BROWSER_ENCODINGS)
    finder = AssetFinder()
    if content_type.startswith("text/html"):
        finder.feed(html.decode("utf-8", "replace"))
    queue = [local_path(urljoin(path, href)) for href in finder.stylesheets + finder.scripts]
    for module in finder.inline_modules:
        queue += imports_of(path, module)
    assets, seen = [], set()
    while queue:
        asset = queue.pop(0)
        if asset is None or asset in seen:
            continue
        seen.add(asset)
        status, body, asset_encoding, _ = get(port, asset, encodings=BROWSER_ENCODINGS)
        if status != 200:
            raise RuntimeError(f"{asset}, loaded by {path}, answered {status}")
        assets.append({"path": asset, "bytes": len(body), "encoding": asset_encoding})
        _, plain, _, _ = get(port, asset)
        queue += imports_of(asset, plain.decode("utf-8", "replace"))
    html_gzip, html_brotli = compressed_sizes(html)
    return Weight(
        content_type=content_type,
        html_bytes=len(html),
        html_sent_bytes=len(sent),
        html_encoding=encoding,
        html_gzip_bytes=html_gzip,
        html_brotli_bytes=html_brotli,
        first_visit_bytes=len(sent) + sum(a["bytes"] for a in assets),
        assets=assets,
    )
