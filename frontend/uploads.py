"""Uploaded files people share: photos are re-drawn, documents kept to office formats.

A photo is opened with Pillow, must be a JPEG, PNG or WebP picture, and is saved as a fresh
image drawn from its pixels: whatever else the file carried (a PDF or script glued to it, a
polyglot, EXIF data with the place it was taken) is gone, and it is served as an image only.
A document (console attachments) must bear an office, PDF, text or picture extension.
"""

import io
import uuid
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format -> (saved format, extension). Everything else is refused.
PHOTO_FORMATS = {"JPEG": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "WEBP": ("WEBP", "webp")}
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000  # a 40-megapixel phone photo; more is a decompression bomb
PHOTO_MAX_SIDE = 2400  # re-drawn at most this wide or tall: enough for a page and a print

DOCUMENT_EXTENSIONS = frozenset(
    {"pdf", "odt", "ods", "odp", "doc", "docx", "xls", "xlsx", "ppt", "pptx"}
    | {"txt", "csv", "rtf", "jpg", "jpeg", "png", "webp"}
)


def _refuse_photo():
    return ValidationError(_("Choose a photo (JPEG, PNG or WebP)."), code="invalid_image")


def redraw_photo(upload) -> ContentFile:
    """A clean copy of an uploaded photo, or ValidationError with a French message."""
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(_("This photo is too large: 10 MB at most."), code="too_large")
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in PHOTO_FORMATS:
                raise _refuse_photo()
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise _refuse_photo()
            image.load()
            saved_as, extension = PHOTO_FORMATS[image.format]
            picture = ImageOps.exif_transpose(image)  # upright, then its EXIF is dropped
            picture.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            if saved_as == "JPEG" and picture.mode not in ("RGB", "L"):
                picture = picture.convert("RGB")
            out = io.BytesIO()
            picture.save(out, format=saved_as, **({"quality": 85} if saved_as != "PNG" else {}))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _refuse_photo() from None
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


class PhotoField(forms.ImageField):
    """An ImageField whose cleaned value is the re-drawn photo (see redraw_photo)."""

    default_error_messages = {"invalid_image": gettext_lazy("Choose a photo (JPEG, PNG or WebP).")}

    def to_python(self, data):
        checked = super().to_python(data)
        return None if checked is None else redraw_photo(checked)


def check_document(upload, field: str, errors: dict) -> None:
    """Adds a French message to errors[field] when the file's kind is not one we keep."""
    if upload and Path(upload.name or "").suffix.lower().lstrip(".") not in DOCUMENT_EXTENSIONS:
        errors.setdefault(field, []).append(
            _("This kind of file is not accepted: send a PDF, an office document or a picture.")
        )
