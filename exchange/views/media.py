import mimetypes

from django.core.files.storage import default_storage
from django.db import connection
from django.http import FileResponse, Http404

from exchange.access import member_required


@member_required
def network_media(request, path):
    """Uploaded files (photos), only the current network's own and only for its members.

    Read through the media storage (filesystem or S3-compatible, settings.STORAGES), which
    already keeps to the current schema's folder or prefix."""
    schema_prefix = f"{connection.schema_name}/"
    if not path.startswith(schema_prefix) or ".." in path:
        raise Http404
    name = path.removeprefix(schema_prefix)
    if not name or not default_storage.exists(name):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    # Only pictures re-drawn on upload are stored here; even so, a file is never run as a
    # page or sniffed into another type.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if not content_type.startswith("image/"):
        response["Content-Disposition"] = "attachment"
    return response
