"""PDF downloads from the same HTML (and print CSS) as the printable pages.

WeasyPrint renders the template; its resources are read from disk — static files through
the staticfiles finders, media through the storage of the current schema — so the server
never makes an HTTP request to itself or to anyone else.
"""

import mimetypes
from functools import cache
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string


def _read_local_file(url: str) -> tuple[bytes, str] | None:
    """The bytes and type of a /static/ or /media/ URL, read from disk; None otherwise."""
    path = unquote(urlsplit(url).path)
    body = None
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path.removeprefix(settings.STATIC_URL))
        if found:
            with open(found, "rb") as handle:
                body = handle.read()
    elif path.startswith(settings.MEDIA_URL):
        name = path.removeprefix(settings.MEDIA_URL)
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                body = handle.read()
    if body is None:
        return None
    return body, mimetypes.guess_type(path)[0] or "application/octet-stream"


@cache
def _local_files_fetcher_class():
    # WeasyPrint loads Pango when imported: only pages that make a PDF pay for it, and a
    # machine without Pango still serves every other page.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFilesFetcher(URLFetcher):
        """Serves /static/ and /media/ from disk, data: URIs as usual, and nothing else."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            found = _read_local_file(url)
            if found is None:
                raise ValueError(f"Not a local static or media file: {url}")
            body, content_type = found
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    return LocalFilesFetcher


def html_to_document(html: str, base_url: str):
    """WeasyPrint's laid-out document (pages, boxes): what html_to_pdf writes out. Tests
    read it to check what each page holds, without a PDF text extractor."""
    import weasyprint

    fetcher = _local_files_fetcher_class()()
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()


def html_to_pdf(html: str, base_url: str, *, pdf_variant: str | None = None) -> bytes:
    """`pdf_variant="pdf/a-3b"` for an archivable PDF that may carry attached files
    (Factur-X invoices)."""
    document = html_to_document(html, base_url)
    return document.write_pdf(pdf_variant=pdf_variant) if pdf_variant else document.write_pdf()


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """A PDF download named `filename`."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def render_pdf(request, template_name: str, context: dict, filename: str) -> HttpResponse:
    """Render `template_name` (a page with print CSS) to a PDF download named `filename`."""
    html = render_to_string(template_name, context, request=request)
    pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
