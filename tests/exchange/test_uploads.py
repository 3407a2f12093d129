"""Issue 11, finding 6: photo uploads accepted PDF, PostScript/EPS, XBM and polyglots and
served them inline. Photos are now re-drawn from their pixels (JPEG, PNG, WebP only) and
served as images that never run."""

import html
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from exchange.models import Post
from frontend.uploads import redraw_photo
from tests.conftest import inside
from tests.exchange.test_pages import _logged, _member, _theme


def _picture(fmt, size=(16, 12), **options) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(out, format=fmt, **options)
    return out.getvalue()


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}  # GPSInfo: where the photo was taken
    return _picture("JPEG", exif=exif.tobytes())


@pytest.fixture
def voisin(db, network_a):
    return _member(network_a, "voisin@a.test")


EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nnewpath 0 0 moveto showpage\n"
XBM = b"#define x_width 8\n#define x_height 1\nstatic char x_bits[] = { 0xff };\n"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_photo_is_redrawn_in_its_own_format(fmt):
    clean = redraw_photo(SimpleUploadedFile("p", _picture(fmt)))
    with Image.open(clean) as image:
        assert image.format == fmt and image.size == (16, 12)


def test_what_rides_along_a_photo_is_dropped():
    polyglot = _picture("PNG") + PDF + b"<script>alert(1)</script>"
    clean = redraw_photo(SimpleUploadedFile("p.png", polyglot)).read()
    assert b"%PDF" not in clean and b"<script>" not in clean
    with Image.open(redraw_photo(SimpleUploadedFile("gps.jpg", _jpeg_with_gps()))) as image:
        assert not image.getexif().get_ifd(0x8825)  # no GPS position left


@pytest.mark.parametrize(
    "name, content",
    [("carte.eps", EPS), ("icone.xbm", XBM), ("photo.pdf", PDF), ("anim.gif", _picture("GIF"))],
)
def test_other_formats_are_refused_in_french(name, content):
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        redraw_photo(SimpleUploadedFile(name, content))
    assert refused.value.messages == ["Choisissez une photo (JPEG, PNG ou WebP)."]


def test_a_decompression_bomb_is_refused():
    with pytest.raises(ValidationError):
        redraw_photo(SimpleUploadedFile("bomb.png", _picture("PNG", size=(8000, 6000))))


def test_a_post_with_an_eps_photo_is_refused_and_nothing_is_written(
    db, client_for, network_a, voisin
):
    client = _logged(client_for, network_a, "voisin@a.test")
    response = client.post(
        "/annonces/nouvelle/",
        {
            "kind": "loan",
            "title": "Perceuse",
            "theme": _theme(network_a).pk,
            "photo": SimpleUploadedFile("perceuse.png", EPS, content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert "Choisissez une photo (JPEG, PNG ou WebP)." in html.unescape(response.content.decode())
    with inside(network_a):
        assert not Post.objects.filter(title="Perceuse").exists()


def test_a_photo_is_served_as_a_picture_that_never_runs(db, client_for, network_a, voisin):
    client = _logged(client_for, network_a, "voisin@a.test")
    client.post(
        "/annonces/nouvelle/",
        {
            "kind": "loan",
            "title": "Perceuse",
            "theme": _theme(network_a, "Prêt de matériel").pk,
            "photo": SimpleUploadedFile("x.html", _picture("PNG") + b"<html><script>"),
        },
    )
    with inside(network_a):
        url = Post.objects.get(title="Perceuse").photo.url
    assert url.endswith(".png")  # our name, not the sender's
    response = client.get(url)
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
