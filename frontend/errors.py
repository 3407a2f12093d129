"""The error pages of both kinds of host (`handler403/404/500` in both root urlconfs).

403 and 404 extend the host's own layout (`base_template`: the network's on a network's
sub-domain, the public one on the base domain and on unknown hosts). The 500 page is drawn
from a self-contained template without the request: no context processor, no database, no
tenant — whatever broke may be one of them.
"""

from django.conf import settings
from django.http import HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.utils import translation


def _language(request):
    """The visitor's language when LocaleMiddleware ran; an unknown host is answered by the
    tenant middleware before it, in the site's language (French)."""
    return getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE


def page_not_found(request, exception=None):
    with translation.override(_language(request)):
        body = loader.render_to_string("errors/404.html", request=request)
    return HttpResponseNotFound(body)


def permission_denied(request, exception=None):
    # A PermissionDenied raised with a message ("Only the Groupe d'Animation can do this.")
    # says why; a bare one says nothing more than the page's own text.
    reason = str(exception) if exception is not None and exception.args else ""
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
    with translation.override(_language(request)):
        body = loader.get_template("errors/500.html").render()
    return HttpResponseServerError(body)
