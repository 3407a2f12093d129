"""Who may open a page of the base domain: Coop-ère staff (the console) or partner staff.

Anonymous visitors are sent to the login page; a logged-in user of the wrong kind gets 403.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .models import User


def _kind_required(kind):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.kind != kind or request.tenant.schema_name != "public":
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


operator_required = _kind_required(User.Kind.OPERATOR)
partner_required = _kind_required(User.Kind.PARTNER)
