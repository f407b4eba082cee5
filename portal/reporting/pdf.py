"""The print-ready report as PDF, with WeasyPrint, where its system libraries (Pango) are
installed; elsewhere ``available()`` is false and the print view is the way to paper."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError):  # OSError: the package is there but Pango is not
        return None
    return weasyprint


def available() -> bool:
    return _weasyprint() is not None


def render(html: str, *, base_url: str, static_url: str, static_folder: str) -> bytes:
    """``html`` as a PDF. Only the portal's own static files are read (from disk): the
    document fetches nothing over the network."""
    weasyprint = _weasyprint()
    if weasyprint is None:
        raise RuntimeError("WeasyPrint is not available")
    root = Path(static_folder).resolve()

    class StaticFilesOnly(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(static_url):
                path = (root / url[len(static_url):].split("?")[0]).resolve()
                if path.is_relative_to(root) and path.is_file():
                    return super().fetch(path.as_uri(), headers)
            raise ValueError(f"not one of the portal's static files: {url}")

    fetcher = StaticFilesOnly(allowed_protocols=("file",))
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
