from django.conf import settings
from django.db import connection
from django.http import Http404
from django.views.static import serve

from ._helpers import member_required


@member_required
def network_media(request, path):
    """Uploaded files (photos), only the current network's own and only for its members."""
    schema_prefix = f"{connection.schema_name}/"
    if not path.startswith(schema_prefix) or ".." in path:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
