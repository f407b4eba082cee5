"""What a browser downloads for each public page: first load and repeat load.

A first load is a browser with nothing cached: the page (and any redirect on the way to
it) and every asset the page references: stylesheets, scripts, icons, images, the web
app manifest, and whatever the stylesheets reference (images, fonts, @import). That is an
upper bound: a browser fetches one of the two favicons, and the apple-touch-icon only on
iOS. Icons listed inside the manifest are fetched only when the site is installed, so
they are not counted.

A repeat load is the same page visited again later by the same browser: what the cache
headers of the first load allow it to reuse is not fetched; what must be revalidated is
asked for again with If-None-Match / If-Modified-Since (and counted, with the bytes the
answer carries); what may not be stored is fetched whole.

Bytes are response bodies. "gzip" is what the same body would weigh compressed at level 6
(text types only; PNG and ICO are counted as they are), for a server that compresses:
whether the portal's own server compresses is reported separately.
"""

from __future__ import annotations

import email.utils
import gzip
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from urllib.parse import urljoin, urlsplit

# The public pages; the journey's first question is reached as a person reaches it,
# through /tell-us/ (which starts a draft and redirects).
PAGES = ["/", "/help-now", "/which-procedure", "/accessibility", "/privacy", "/cookies",
         "/tell-us/"]
FIRST_LOAD_TARGET_GZIP = 40 * 1024

KINDS = ("HTML", "CSS", "JS", "images", "fonts", "manifest", "other")
TEXT_TYPES = ("text/", "javascript", "json", "xml", "svg")
RESOURCE_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "manifest",
                      "preload", "modulepreload", "mask-icon"}
CSS_REFERENCE = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


@dataclass
class Fetched:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def kind(self) -> str:
        content_type = self.headers.get("content-type", "").split(";")[0].strip()
        if content_type == "text/html":
            return "HTML"
        if content_type == "text/css":
            return "CSS"
        if "javascript" in content_type:
            return "JS"
        if content_type.startswith("image/"):
            return "images"
        if content_type.startswith("font/") or "font" in content_type:
            return "fonts"
        if "manifest" in content_type or self.url.endswith((".webmanifest", "manifest.json")):
            return "manifest"
        return "other"

    @property
    def gzip_size(self) -> int:
        content_type = self.headers.get("content-type", "")
        if self.body and any(text in content_type for text in TEXT_TYPES):
            return len(gzip.compress(self.body, compresslevel=6, mtime=0))
        return len(self.body)


@dataclass
class Load:
    """The responses of one page load."""

    responses: list[Fetched] = field(default_factory=list)
    reused: int = 0  # assets taken from the cache without asking

    def bytes_by_kind(self) -> dict[str, tuple[int, int]]:
        sizes = {kind: (0, 0) for kind in KINDS}
        for response in self.responses:
            raw, packed = sizes[response.kind]
            sizes[response.kind] = (raw + len(response.body), packed + response.gzip_size)
        return sizes

    @property
    def requests(self) -> int:
        return len(self.responses)

    @property
    def raw(self) -> int:
        return sum(len(r.body) for r in self.responses)

    @property
    def gzip(self) -> int:
        return sum(r.gzip_size for r in self.responses)

    @property
    def not_modified(self) -> int:
        return sum(1 for r in self.responses if r.status == 304)


@dataclass
class PageWeight:
    path: str
    first: Load
    repeat: Load
    cross_origin_resources: list[str]
    cross_origin_links: list[str]


class _References(HTMLParser):
    """The URLs a page loads (resources) and the other sites it links to (navigation)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.resources: list[str] = []
        self.links: list[str] = []
        self.inline_styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            rels = set((attrs.get("rel") or "").lower().split())
            if rels & RESOURCE_LINK_RELS and attrs.get("href"):
                self.resources.append(attrs["href"])
        elif tag in ("script", "img", "iframe", "embed", "source", "audio", "video", "track",
                     "input") and attrs.get("src"):
            self.resources.append(attrs["src"])
        elif tag == "object" and attrs.get("data"):
            self.resources.append(attrs["data"])
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for srcset in (attrs.get("srcset"), attrs.get("imagesrcset")):
            if srcset:
                self.resources += [part.split()[0] for part in srcset.split(",") if part.strip()]
        if attrs.get("poster"):
            self.resources.append(attrs["poster"])
        if attrs.get("style"):
            self.inline_styles.append(attrs["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.inline_styles.append(data)


class Browser:
    """A cookie jar and a cache of the headers each URL came with; no redirects followed."""

    def __init__(self):
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  _NoRedirects)
        self.cached: dict[str, Fetched] = {}

    def get(self, url: str, headers: dict[str, str] | None = None) -> Fetched:
        request = urllib.request.Request(url, headers=headers or {})
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as answer:  # 3xx and 4xx arrive here without redirects
            response = answer
        with response:
            return Fetched(url, response.status, {k.lower(): v for k, v in response.headers.items()},
                           response.read())

    def page(self, url: str) -> list[Fetched]:
        """The page and the redirects on the way to it."""
        chain = [self.get(url)]
        while chain[-1].status in (301, 302, 303, 307, 308) and len(chain) < 10:
            chain.append(self.get(urljoin(chain[-1].url, chain[-1].headers["location"])))
        return chain


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


def measure(base_url: str) -> list[PageWeight]:
    return [_measure_page(base_url, path) for path in PAGES]


def _measure_page(base_url: str, path: str) -> PageWeight:
    browser = Browser()
    origin = _origin(base_url)
    first, cross_resources, cross_links = Load(), [], []

    chain = browser.page(base_url + path)
    first.responses += chain
    page = chain[-1]
    found = _References()
    found.feed(page.body.decode("utf-8", "replace"))
    cross_links = sorted({link for link in (urljoin(page.url, h) for h in found.links)
                          if link.startswith("http") and _origin(link) != origin})
    pending = [urljoin(page.url, ref) for ref in found.resources]
    pending += [urljoin(page.url, ref) for style in found.inline_styles for ref in _css_refs(style)]
    seen = set()
    while pending:
        url = pending.pop(0)
        if url in seen or url.startswith("data:"):
            continue
        seen.add(url)
        if _origin(url) != origin:
            cross_resources.append(url)
            continue
        asset = browser.get(url)
        first.responses.append(asset)
        browser.cached[url] = asset
        if asset.kind == "CSS":
            pending += [urljoin(url, ref) for ref in _css_refs(asset.body.decode("utf-8", "replace"))]

    repeat = Load(responses=browser.page(base_url + path))
    for url, earlier in browser.cached.items():
        action = _on_revisit(earlier.headers)
        if action == "reuse":
            repeat.reused += 1
        elif action == "revalidate":
            validators = {}
            if "etag" in earlier.headers:
                validators["If-None-Match"] = earlier.headers["etag"]
            if "last-modified" in earlier.headers:
                validators["If-Modified-Since"] = earlier.headers["last-modified"]
            repeat.responses.append(browser.get(url, validators))
        else:
            repeat.responses.append(browser.get(url))
    return PageWeight(path, first, repeat, cross_resources, cross_links)


def _on_revisit(headers: dict[str, str]) -> str:
    """What a browser does with a cached response on a later visit: reuse, revalidate, fetch."""
    directives = {}
    for part in headers.get("cache-control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            directives[name.lower()] = value.strip('"')
    if "no-store" in directives:
        return "fetch"
    if "no-cache" in directives:
        return "revalidate" if _has_validator(headers) else "fetch"
    if "max-age" in directives:
        fresh = int(directives["max-age"] or 0) > 0
    elif "expires" in headers:
        expires = email.utils.parsedate_to_datetime(headers["expires"]).timestamp()
        fresh = expires > time.time()
    else:
        # Heuristic freshness (RFC 9111 4.2.2) is up to each browser: do not count on it.
        fresh = False
    if fresh:
        return "reuse"
    return "revalidate" if _has_validator(headers) else "fetch"


def _has_validator(headers) -> bool:
    return "etag" in headers or "last-modified" in headers


def _css_refs(css: str) -> list[str]:
    return [url or imported for url, imported in CSS_REFERENCE.findall(css)]


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def compression_offered(base_url: str, paths: dict[str, str]) -> dict[str, str]:
    """For each labelled path, the Content-Encoding the portal answers with when a browser
    accepts gzip and br ("none" when it sends the body as it is)."""
    browser = Browser()
    return {label: browser.get(base_url + path, {"Accept-Encoding": "gzip, br"})
            .headers.get("content-encoding", "none") for label, path in paths.items()}


def assets_and_cache_headers(weights: list[PageWeight]) -> list[tuple[str, str, int, int, str]]:
    """Every asset met on any page: path, kind, raw bytes, gzip bytes, Cache-Control."""
    assets = {}
    for weight in weights:
        for response in weight.first.responses:
            if response.kind != "HTML" and response.status == 200:
                assets[urlsplit(response.url).path] = response
    return [(path, r.kind, len(r.body), r.gzip_size, r.headers.get("cache-control", "(none)"))
            for path, r in sorted(assets.items())]
