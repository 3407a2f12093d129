from django.contrib.auth.signals import user_logged_in
from django.db import connection
from django.dispatch import receiver

SESSION_SCHEMA_KEY = "_coopere_schema"


@receiver(user_logged_in)
def bind_session_to_schema(sender, request, user, **kwargs):
    request.session[SESSION_SCHEMA_KEY] = connection.schema_name
