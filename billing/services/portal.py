"""What a partner does from its portal: subscribe through Stripe Checkout, open Stripe's
billing portal. Stripe is reached through `billing.gateway` only."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from billing import gateway
from billing.models import Partner, Subscription
from billing.selectors_portal import COVERING, offered_plans, subscribable_networks


def start_checkout(
    *,
    partner: Partner,
    plan_code: str,
    network_ids: list,
    success_url: str,
    cancel_url_for,
    email: str = "",
    client=None,
) -> tuple[Subscription, str]:
    """A pending subscription (source Stripe) for the chosen networks, and the Checkout URL
    to send the partner to. `cancel_url_for(subscription_id)` is where Checkout's "back"
    link leads. The row, the customer id and the session id are written in one transaction
    that ends after Stripe answered: if Stripe refuses, nothing is written."""
    plan = offered_plans().filter(code=plan_code).first()
    if plan is None:
        raise ValidationError({"plan": [_("Choose one of the plans offered.")]})
    try:
        wanted = {int(pk) for pk in network_ids}
    except (TypeError, ValueError):
        wanted = None
    networks = list(subscribable_networks().filter(pk__in=wanted or []))
    if not wanted or len(networks) != len(wanted):
        raise ValidationError({"networks": [_("Choose at least one network among those listed.")]})
    covered = sorted(
        {
            n.name
            for n in subscribable_networks().filter(
                pk__in=wanted,
                subscriptions__partner=partner,
                subscriptions__status__in=COVERING,
            )
        }
    )
    if covered:
        raise ValidationError(
            {
                "networks": [
                    _("Already covered by one of your subscriptions: %(names)s.")
                    % {"names": ", ".join(covered)}
                ]
            }
        )
    client = client or gateway.make_client()
    try:
        with transaction.atomic():
            partner = Partner.objects.select_for_update().get(pk=partner.pk)
            sub = Subscription.objects.create(
                partner=partner,
                plan=plan,
                source=Subscription.Source.STRIPE,
                status=Subscription.Status.PENDING,
            )
            sub.networks.set(networks)
            customer_id = gateway.ensure_customer(client, partner=partner, email=email)
            session_id, url = gateway.create_checkout_session(
                client,
                customer_id=customer_id,
                price_id=plan.stripe_price_id,
                quantity=len(networks),
                subscription_id=sub.pk,
                partner_id=partner.pk,
                success_url=success_url,
                cancel_url=cancel_url_for(sub.pk),
            )
            if partner.stripe_customer_id != customer_id:
                partner.stripe_customer_id = customer_id
                partner.save(update_fields=["stripe_customer_id"])
            sub.stripe_checkout_session_id = session_id
            sub.save(update_fields=["stripe_checkout_session_id", "updated_at"])
    except gateway.GatewayError as error:
        raise ValidationError(error.message) from error
    return sub, url


def open_billing_portal(*, partner: Partner, return_url: str, client=None) -> str:
    """A link to Stripe's billing portal for the partner's card or SEPA subscriptions."""
    if not partner.stripe_customer_id:
        raise ValidationError(
            _("You have no card or SEPA debit subscription yet: there is nothing to manage.")
        )
    client = client or gateway.make_client()
    try:
        return gateway.create_billing_portal_session(
            client, customer_id=partner.stripe_customer_id, return_url=return_url
        )
    except gateway.GatewayError as error:
        raise ValidationError(error.message) from error


def cancel_pending_checkout(*, partner: Partner, subscription_id: int) -> bool:
    """The partner came back from Checkout without paying: close the pending row (it never
    covered anything). A Stripe subscription already linked is left to the webhooks."""
    with transaction.atomic():
        updated = Subscription.objects.filter(
            pk=subscription_id,
            partner=partner,
            source=Subscription.Source.STRIPE,
            status=Subscription.Status.PENDING,
            stripe_subscription_id__isnull=True,
        ).update(status=Subscription.Status.CANCELED)
    return bool(updated)
