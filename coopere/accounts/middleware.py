from django.contrib.auth import logout
from django.db import connection

from .signals import SESSION_SCHEMA_KEY


class SessionBoundToSchemaMiddleware:
    """Refuse a logged-in session that was opened in another schema.

    Sessions already live per schema; this is the second lock on the door, in case a
    session row ever reaches another schema (restore, copy, shared cache backend).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.session.get(SESSION_SCHEMA_KEY) != connection.schema_name
        ):
            logout(request)
        return self.get_response(request)
