from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver


@receiver(user_logged_out)
def end_support_on_logout(sender, request, user, **kwargs):
    """Logging out of a support session ends it in both logs (as "Terminer" does)."""
    from .middleware import SESSION_KEY, _info
    from .services import end_support_session

    data = request.session.get(SESSION_KEY) if request is not None else None
    info = _info(data) if data else None
    if info is not None:
        end_support_session(visit_id=info.visit_id)
