"""Media storage on an S3-compatible object store, one prefix per network.

The filesystem default (django-tenants' TenantFileSystemStorage) keeps each network's files
under MEDIA_ROOT/<schema>/; this does the same with key prefixes in one bucket. URLs stay
on the network's own host (/media/<schema>/<name>): files are read back through
`exchange.views.media`, which serves them to the network's members only, so the bucket
stays private (no public or pre-signed links to hand around).
"""

from django.conf import settings
from django.db import connection
from storages.backends.s3 import S3Storage


class TenantS3Storage(S3Storage):
    @property
    def location(self) -> str:
        prefix = self._configured_location.strip("/")
        schema = connection.schema_name
        return f"{prefix}/{schema}" if prefix else schema

    @location.setter
    def location(self, value: str) -> None:
        # S3Storage sets it from AWS_LOCATION; the schema is added at each call.
        self._configured_location = value or ""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return f"{settings.MEDIA_URL}{connection.schema_name}/{name.lstrip('/')}"
