"""Before its platform opens, a network's site belongs to its Groupe d'Animation.

The launch method opens the residents' platform only once a Groupe d'Animation exists and
commits to the cafés (onboarding's `open_platform`). Until then every visitor may log in,
activate a card, reset a password and read the "coming soon" home page; the group (members
with a role) and a coach in support mode use the whole site to prepare the launch; anyone
else is sent to the home page (an API call gets a 403).
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

OPEN_TO_ALL_NAMESPACES = {"accounts", "support_tenant"}
OPEN_TO_ALL_NAMES = {"home", "set_language", "exchange:activate"}


class PlatformNotOpenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        network = getattr(request, "tenant", None)
        if network is None or network.schema_name == get_public_schema_name():
            return None
        if network.is_launched:
            return None
        match = request.resolver_match
        if match is None or match.namespace in OPEN_TO_ALL_NAMESPACES:
            return None
        if match.view_name in OPEN_TO_ALL_NAMES or _prepares_the_launch(request):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("This network's platform is not open yet.")}, status=403
            )
        if request.user.is_authenticated:
            messages.info(
                request,
                _("The platform opens soon: the Groupe d'Animation is preparing it."),
            )
        return redirect("home")


def _prepares_the_launch(request) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    if getattr(request, "support_session", None):
        return True
    member = getattr(user, "member", None)
    return bool(member and member.group_role and not member.anonymised_at)
