"""PDF downloads: WeasyPrint reads static files from disk and fetches nothing outside."""

from frontend import pdf


def test_static_files_are_read_from_disk_and_nothing_else():
    css = pdf._read_local_file("http://coopere.localhost/static/coopere/coopere.css")
    assert css is not None
    body, content_type = css
    assert b"{" in body and content_type == "text/css"
    assert pdf._read_local_file("http://elsewhere.example/static/missing.css") is None
    assert pdf._read_local_file("http://elsewhere.example/image.png") is None


def test_a_page_becomes_a_pdf_with_french_text_and_the_euro_sign():
    html = (
        '<link rel="stylesheet" href="/static/coopere/coopere.css">'
        "<h1>Lettre aux habitant·es</h1><p>Cœur du quartier : 12,50 €</p>"
        '<img src="http://evil.example/tracker.png" alt="">'
    )
    document = pdf.html_to_pdf(html, base_url="http://coopere.localhost/")
    assert document.startswith(b"%PDF-")
    assert len(document) > 1000
