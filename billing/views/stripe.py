"""Stripe's webhooks, on the public site: POST /stripe/webhook/.

The raw body is checked against the Stripe-Signature header before anything is read from
it. Answers: 400 for a bad or missing signature (nothing stored), 200 for an event stored
now or before (a replay) or of a type we ignore, 503 when settling it needs Stripe and
Stripe does not answer (Stripe sends it again later).
"""

import logging

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from billing import gateway
from billing.services import stripe_sync

log = logging.getLogger("coopere.billing")


@csrf_exempt
@require_POST
def webhook(request):
    try:
        _event, is_new = stripe_sync.receive_event(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except stripe_sync.BadSignature as error:
        log.warning("Stripe webhook refused: %s", error)
        return HttpResponse("bad signature", status=400, content_type="text/plain")
    except gateway.GatewayError:
        return HttpResponse("retry later", status=503, content_type="text/plain")
    return HttpResponse(
        "ok" if is_new else "already received", status=200, content_type="text/plain"
    )
