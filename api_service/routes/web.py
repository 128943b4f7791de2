"""The web page at `/`: one HTML page, its stylesheet and its script, served without a key (the page asks for one).

The page is static but for the genre list, which is written in from `MOVIE_GENRES` so the form offers exactly the
genres `/predict` accepts. The script calls the API from the browser, with the key the visitor types.
"""

import functools
import html
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

from cinelake.domain.genres import MOVIE_GENRES

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
GENRE_OPTIONS_MARK = "<!-- genre options -->"
ASSETS = {"page.css": "text/css; charset=utf-8", "page.js": "text/javascript; charset=utf-8"}
# Everything the page loads comes from this server; the chart arrives as a blob: URL made by the script, and the
# icon is a data: URL in the page.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",  # revalidate, so a new release's page and script are picked up together
}

router = APIRouter(tags=["web"], include_in_schema=False)


def genre_options() -> str:
    options = []
    for genre in MOVIE_GENRES:
        name, name_es = html.escape(genre.name), html.escape(genre.name_es)
        options.append(f'<option value="{name}" title="{name_es}">{name}</option>')
    return "\n".join(options)


@functools.cache
def page_html() -> str:
    """index.html with the genre options written in; read once per process."""
    return (WEB_DIR / "index.html").read_text(encoding="utf-8").replace(GENRE_OPTIONS_MARK, genre_options())


@router.get("/")
def page() -> HTMLResponse:
    return HTMLResponse(page_html(), headers=PAGE_HEADERS)


@router.get("/web/{asset}")
def page_asset(asset: str) -> FileResponse:
    # Only the named files: the path never reaches the file system, so nothing else in the folder is served.
    if asset not in ASSETS:
        raise HTTPException(status_code=404, detail=f"no asset {asset!r}")
    return FileResponse(WEB_DIR / asset, media_type=ASSETS[asset], headers=PAGE_HEADERS)
