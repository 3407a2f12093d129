"""The error pages of both kinds of host (`handler403/404/500` in both root urlconfs).

403 and 404 extend the host's own layout (`base_template`: the network's on a network's
sub-domain, the public one on the base domain and on unknown hosts). The 500 page is drawn
from a self-contained template without the request: no context processor, no database, no
tenant — whatever broke may be one of them.

Under `/api/` the same errors answer JSON (`{"detail": …}`, as the API's own errors and its
schema say): an API client asking for a path no route matches (`/api/posts/1.5/`) used to
get the HTML page (found by the schemathesis run, tests/test_api_fuzz.py).
"""

from django.conf import settings
from django.http import (
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.utils import translation
from rest_framework import exceptions


def _language(request):
    """The visitor's language when LocaleMiddleware ran; an unknown host is answered by the
    tenant middleware before it, in the site's language (French)."""
    return getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _api_error(request, error: type[exceptions.APIException], detail="") -> JsonResponse:
    """The API's error body, in the words DRF uses for the same error inside a view."""
    with translation.override(_language(request)):
        body = {"detail": str(detail or error.default_detail)}
    return JsonResponse(body, status=error.status_code)


def page_not_found(request, exception=None):
    if _is_api(request):
        return _api_error(request, exceptions.NotFound)
    with translation.override(_language(request)):
        body = loader.render_to_string("errors/404.html", request=request)
    return HttpResponseNotFound(body)


def permission_denied(request, exception=None):
    # A PermissionDenied raised with a message ("Only the Groupe d'Animation can do this.")
    # says why; a bare one says nothing more than the page's own text.
    reason = str(exception) if exception is not None and exception.args else ""
    if _is_api(request):
        return _api_error(request, exceptions.PermissionDenied, reason)
    with translation.override(_language(request)):
        body = loader.render_to_string("errors/403.html", {"reason": reason}, request=request)
    return HttpResponseForbidden(body)


def csrf_failure(request, reason=""):
    """A form sent from a page left open too long (or with cookies refused): the 403 page,
    saying what to do rather than Django's "CSRF verification failed"."""
    from django.utils.translation import gettext

    with translation.override(_language(request)):
        reason = gettext(
            "This form has expired. Go back, reload the page and send it again "
            "(your browser must accept cookies from this site)."
        )
        body = loader.render_to_string(
            "errors/403.html", {"reason": reason, "expired_form": True}, request=request
        )
    return HttpResponseForbidden(body)


def server_error(request):
    if _is_api(request):
        return _api_error(request, exceptions.APIException)
    with translation.override(_language(request)):
        body = loader.get_template("errors/500.html").render()
    return HttpResponseServerError(body)
