from django.conf import settings
from django.db import connection
from django.http import Http404
from django.views.static import serve

from exchange.access import member_required


@member_required
def network_media(request, path):
    """Uploaded files (photos), only the current network's own and only for its members."""
    schema_prefix = f"{connection.schema_name}/"
    if not path.startswith(schema_prefix) or ".." in path:
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    # Only pictures re-drawn on upload are stored here; even so, a file is never run as a
    # page or sniffed into another type.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if not response.get("Content-Type", "").startswith("image/"):
        response["Content-Disposition"] = "attachment"
    return response
