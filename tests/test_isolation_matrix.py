"""The isolation matrix: every route of both urlconfs and every operation of the API schema,
asked by four strangers to network A with ids taken from a world built in A — B's pilote on
B's host, a user of another partner and a resident account on the base domain, and an
anonymous visitor (on A's host and on the base domain). Each answer must be a refusal
(403, 404, 405, or a redirect to the login or home page) unless the rule table below says
the page is the stranger's own or open to anyone; no answer may show A's data, and no
request may write a row in A's schema or in public.

Writes are read from PostgreSQL's per-transaction counters (`pg_stat_xact_user_tables`:
rows inserted, updated and deleted so far in this transaction, kept even when a savepoint is
rolled back), before and after each request; each request runs in a savepoint rolled back
at once, so the world stays the same for every request.

A route with no rule fails the test: a new route must be added to RULES (with the ids it
takes), and a rule whose route went away fails too. `COOPERE_MATRIX_LOG=/tmp/matrix.log`
writes every request and its answer to that file, to read what each stranger got.
"""

import json
import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.cookies import SimpleCookie

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tenants.utils import get_public_schema_name, schema_context

from billing.models import (
    ChorusDeposit,
    CreditNote,
    Invoice,
    PartnerContact,
    PartnerMembership,
    Plan,
)
from billing.services import invitations
from community.cafes.models import Cafe
from community.newsletter.models import Newsletter
from community.newsletter.tokens import unsubscribe_token
from community.projects.models import Project, ProjectPhoto, ProjectStep, Sheet
from community.purchases.models import GroupPurchase
from community.team.models import Event, Task, TaskFamily
from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from exchange.models import Member, Post, Theme
from exchange.services import connections, posts
from onboarding.coaching.models import CoachingSession, HealthAlert, Training
from onboarding.models import Amorceur, ChecklistItem, NetworkDocument, Relay
from support.models import SupportSession
from support.services import grant_support_access
from tasklog.models import FailedTask
from tenants.models import Network, Region
from tests.billing.portal_support import make_partner, make_partner_user, make_subscription
from tests.conftest import PASSWORD, host_of

TENANT, PUBLIC = "coopere.urls_tenant", "coopere.urls_public"
PILOTE_B, PARTNER, RESIDENT, ANONYMOUS = "pilote_b", "partner_other", "resident_public", "anon"
# Who asks which urlconf: B's pilote on B's host; the others on the base domain; the
# anonymous visitor on A's host too.
ASKERS = {TENANT: (PILOTE_B, ANONYMOUS), PUBLIC: (PARTNER, RESIDENT, ANONYMOUS)}

# Free texts of A's world: none may appear in any answer to a stranger.
MARKERS = [
    "Secret de A",
    "Message secret de A",
    "Odette Secrète",
    "Théa Secrète",
    "Thème secret de A",
    "https://visio.example/secret-a",
    "Projet secret de A",
    "Étape secrète de A",
    "Fiche secrète de A",
    "Achat secret de A",
    "Tâche secrète de A",
    "Fête secrète de A",
    "Lettre secrète de A",
    "Commune Secrète",
    "Amorceur secret",
    "Relais secret",
    "Document secret",
    "Formation secrète",
    "FA-MATRICE-0001",
    "AV-MATRICE-0001",
    "CPP-MATRICE-0001",
    "Avoir secret",
    "Alerte secrète",
    "Séance secrète",
    "Échec secret",
    "Région secrète",
]

# A body that would pass most forms and API serializers had the access check been forgotten:
# a refusal must come before any of it is used.
PLAUSIBLE = {
    "status": "closed",
    "reason": "Matrice",
    "note": "Matrice",
    "message": "Matrice",
    "text": "Matrice",
    "body": "Matrice",
    "title": "Matrice",
    "name": "Matrice",
    "subject": "Matrice",
    "body_html": "Matrice",
    "kind": "offer",
    "role": "pilote",
    "confirm": "1",
    "quantity": "1",
    "consent": "on",
    "first_name": "Matrice",
    "email": "matrice@exemple.test",
    "password": "un-mot-de-passe-tres-long",
    "password2": "un-mot-de-passe-tres-long",
    "answer": "yes",
    "present": "1",
    "coach": "",
    "date": "2030-01-02",
    "starts_at": "2030-01-02T18:00",
}


@dataclass(frozen=True)
class Rule:
    """Who, among the strangers, reaches this route as their own page (or an open one);
    everyone else is refused. `params`: the path's ids, as keys of the world (or literal
    values); `writes`: tables a permitted asker may write in public (their own row)."""

    allowed: frozenset = frozenset()
    params: dict = field(default_factory=dict)
    writes: tuple = ()
    query: str = ""


def rule(*allowed, writes=(), query="", **params) -> Rule:
    return Rule(frozenset(allowed), params, tuple(writes), query)


EVERYONE = (PILOTE_B, PARTNER, RESIDENT, ANONYMOUS)
OPEN = rule(*EVERYONE)  # open to anyone by design (login, password reset, landing…)
B_OWN = rule(PILOTE_B)  # B's own page on B's host (no id of A in the path)
REFUSED = rule()
LOGGED_BASE = rule(PARTNER, RESIDENT)  # any account of the base domain, its own account
PARTNER_OWN = rule(PARTNER)  # the other partner's own portal page

RULES: dict[str, Rule] = {
    # --- a network's host ------------------------------------------------------------------
    "tenant:home": OPEN,
    "tenant:accounts:login": OPEN,
    "tenant:accounts:logout": OPEN,
    "tenant:accounts:my_account": B_OWN,
    "tenant:accounts:password_change": B_OWN,
    "tenant:accounts:password_reset": OPEN,
    "tenant:accounts:password_reset_done": OPEN,
    "tenant:accounts:password_reset_complete": OPEN,
    # A's reset link (B's pilote on B's host) or a forged one (anonymous on A's host): the
    # "invalid link" page.
    "tenant:accounts:password_reset_confirm": rule(*EVERYONE, uidb64="uid", token="reset_token"),
    "tenant:exchange:activate": OPEN,
    "tenant:exchange:post_list": B_OWN,
    "tenant:exchange:post_create": B_OWN,
    "tenant:exchange:post_detail": rule(pk="post"),
    "tenant:exchange:post_edit": rule(pk="post"),
    "tenant:exchange:post_status": rule(pk="post"),
    "tenant:exchange:post_interest": rule(pk="post"),
    "tenant:exchange:post_report": rule(pk="post"),
    "tenant:exchange:connection_list": B_OWN,
    "tenant:exchange:connection_detail": rule(pk="connection"),
    "tenant:exchange:connection_action": rule(pk="connection", action="echange-fait"),
    "tenant:exchange:message_report": rule(pk="message"),
    "tenant:exchange:directory": B_OWN,
    "tenant:exchange:member_page": rule(pk="odette"),
    "tenant:exchange:my_profile": B_OWN,
    "tenant:exchange:my_data": rule(PILOTE_B, fmt="json"),
    "tenant:exchange:delete_account": B_OWN,
    "tenant:exchange:notifications": B_OWN,
    "tenant:exchange:animation": B_OWN,
    "tenant:exchange:animation_members": B_OWN,
    "tenant:exchange:register": B_OWN,
    "tenant:exchange:animation_member": rule(pk="odette"),
    "tenant:exchange:member_role": rule(pk="odette"),
    "tenant:exchange:member_sponsor": rule(pk="odette"),
    "tenant:exchange:member_settings": rule(pk="odette"),
    "tenant:exchange:questionnaire": rule(pk="odette"),
    "tenant:exchange:questionnaire_done": rule(pk="odette"),
    "tenant:exchange:welcome_card": rule(pk="odette"),
    "tenant:exchange:sponsor_sheet": rule(pk="odette"),
    "tenant:exchange:moderation": B_OWN,
    "tenant:exchange:moderate": rule(kind="annonce", pk="post", action="masquer"),
    "tenant:exchange:themes": B_OWN,
    "tenant:exchange:theme_action": rule(pk="theme", action="retirer"),
    "tenant:cafes:list": B_OWN,
    # The agenda is subscribable without an account (no member data, no video link).
    "tenant:cafes:feed": OPEN,
    "tenant:cafes:create": B_OWN,
    "tenant:cafes:series": B_OWN,
    "tenant:cafes:detail": rule(pk="cafe"),
    # One café to add to one's calendar: open on its own host (the video link for members
    # only); B's pilote asking for A's café on B's host finds nothing.
    "tenant:cafes:ics": rule(ANONYMOUS, pk="cafe"),
    "tenant:cafes:rsvp": rule(pk="cafe"),
    "tenant:cafes:poster": rule(pk="cafe"),
    "tenant:cafes:edit": rule(pk="cafe"),
    "tenant:cafes:cancel": rule(pk="cafe"),
    "tenant:cafes:at_cafe": rule(pk="cafe"),
    "tenant:cafes:attendance": rule(pk="cafe"),
    "tenant:cafes:newcomer": rule(pk="cafe"),
    "tenant:cafes:report": rule(pk="cafe"),
    "tenant:projects:list": B_OWN,
    "tenant:projects:create": B_OWN,
    "tenant:projects:sheets": B_OWN,
    "tenant:projects:sheet_create": B_OWN,
    "tenant:projects:sheet": rule(slug="sheet"),
    "tenant:projects:sheet_edit": rule(slug="sheet"),
    "tenant:projects:detail": rule(pk="project"),
    "tenant:projects:edit": rule(pk="project"),
    "tenant:projects:join": rule(pk="project"),
    "tenant:projects:leave": rule(pk="project"),
    "tenant:projects:status": rule(pk="project"),
    "tenant:projects:meeting": rule(pk="project"),
    "tenant:projects:step_add": rule(pk="project"),
    "tenant:projects:step_toggle": rule(pk="project", step_pk="step"),
    "tenant:projects:photo": rule(pk="project"),
    "tenant:purchases:list": B_OWN,
    "tenant:purchases:create": B_OWN,
    "tenant:purchases:detail": rule(pk="purchase"),
    "tenant:purchases:participate": rule(pk="purchase"),
    "tenant:purchases:leave": rule(pk="purchase"),
    "tenant:purchases:close": rule(pk="purchase"),
    "tenant:purchases:cancel": rule(pk="purchase"),
    "tenant:purchases:export": rule(pk="purchase"),
    "tenant:purchases:print": rule(pk="purchase"),
    "tenant:team:board": B_OWN,
    "tenant:team:task_create": B_OWN,
    "tenant:team:task_edit": rule(pk="task"),
    "tenant:team:task_action": rule(pk="task", action="prendre"),
    "tenant:team:my_tasks": B_OWN,
    "tenant:team:load": B_OWN,
    "tenant:team:fetes": B_OWN,
    "tenant:team:fete": rule(pk="fete"),
    "tenant:newsletter:list": B_OWN,
    "tenant:newsletter:compose": B_OWN,
    "tenant:newsletter:preview": rule(pk="newsletter"),
    "tenant:newsletter:edit": rule(pk="newsletter"),
    "tenant:newsletter:send": rule(pk="newsletter"),
    "tenant:newsletter:resume": rule(pk="newsletter"),
    "tenant:newsletter:print": rule(pk="newsletter"),
    "tenant:newsletter:archive": B_OWN,
    "tenant:newsletter:issue": rule(pk="newsletter"),
    "tenant:newsletter:subscription": B_OWN,
    # A's real link on B's host; a forged one for the anonymous visitor on A's host.
    "tenant:newsletter:unsubscribe": rule(token="unsubscribe_token"),
    "tenant:impact:page": B_OWN,
    "tenant:impact:csv": B_OWN,
    # B's pilote shares B's own figures: B's row of the public snapshots.
    "tenant:impact:refresh": rule(PILOTE_B, writes=["tenants_networksnapshot"]),
    "tenant:group_phase:page": B_OWN,
    # A's signed support link on B's host; a forged one for the anonymous visitor on A's.
    "tenant:support_tenant:enter": rule(query="support_query"),
    "tenant:support_tenant:end": OPEN,  # no support session: back home
    "tenant:support_tenant:journal": B_OWN,
    "tenant:support_tenant:consent": rule(pk="support_visit"),
    "tenant:support_tenant:withdraw": rule(pk="support_visit"),
    "tenant:media": rule(path="photo_path"),
    "tenant:set_language": OPEN,
    "tenant:api:theme-list": B_OWN,
    "tenant:api:theme-detail": rule(pk="theme"),
    "tenant:api:theme-retire": rule(pk="theme"),
    "tenant:api:post-list": B_OWN,
    "tenant:api:post-detail": rule(pk="post"),
    "tenant:api:post-interest": rule(pk="post"),
    "tenant:api:post-status": rule(pk="post"),
    "tenant:api:connection-list": B_OWN,
    "tenant:api:connection-detail": rule(pk="connection"),
    "tenant:api:connection-exchange-done": rule(pk="connection"),
    "tenant:api:connection-messages": rule(pk="connection"),
    "tenant:api:connection-share-contact": rule(pk="connection"),
    "tenant:api:connection-thanks": rule(pk="connection"),
    "tenant:api:notification-list": B_OWN,
    "tenant:api:notification-mark-read": B_OWN,
    "tenant:api:me": B_OWN,
    "tenant:api-schema": OPEN,
    # --- the base domain -------------------------------------------------------------------
    "public:home": OPEN,
    "public:accounts:login": OPEN,
    "public:accounts:logout": OPEN,
    "public:accounts:my_account": LOGGED_BASE,
    "public:accounts:password_change": LOGGED_BASE,
    "public:accounts:password_reset": OPEN,
    "public:accounts:password_reset_done": OPEN,
    "public:accounts:password_reset_complete": OPEN,
    "public:accounts:password_reset_confirm": rule(*EVERYONE, uidb64="uid", token="reset_token"),
    "public:console:home": REFUSED,
    "public:console:catalogue": REFUSED,
    "public:console:network_open": REFUSED,
    "public:console:network": rule(slug="slug"),
    "public:console:network_coach": rule(slug="slug"),
    "public:console:network_perimeter": rule(slug="slug"),
    "public:console:network_move": rule(slug="slug"),
    "public:console:network_refresh": rule(slug="slug"),
    "public:console:open_platform": rule(slug="slug"),
    "public:console:tick": rule(slug="slug", item_pk="item"),
    "public:console:untick": rule(slug="slug", item_pk="item"),
    "public:console:check_attachment": rule(slug="slug", item_pk="item"),
    "public:console:amorceur_add": rule(slug="slug"),
    "public:console:amorceur_edit": rule(slug="slug", pk="amorceur"),
    "public:console:amorceur_remove": rule(slug="slug", pk="amorceur"),
    "public:console:register_pilote": rule(slug="slug", pk="amorceur"),
    "public:console:pilote_card": rule(slug="slug", member_pk="pilote"),
    "public:console:relay_add": rule(slug="slug"),
    "public:console:relay_edit": rule(slug="slug", pk="relay"),
    "public:console:relay_remove": rule(slug="slug", pk="relay"),
    "public:console:document_add": rule(slug="slug"),
    "public:console:document": rule(slug="slug", pk="document"),
    "public:console:document_delete": rule(slug="slug", pk="document"),
    "public:launch:apero": rule(slug="slug"),
    "public:launch:apero_held": rule(slug="slug"),
    "public:launch:letter_text": rule(slug="slug"),
    "public:launch:letter_preview": rule(slug="slug"),
    "public:launch:letter_pdf": rule(slug="slug"),
    "public:launch:mail_merge": rule(slug="slug"),
    "public:launch:merged_preview": rule(slug="slug"),
    "public:launch:merged_pdf": rule(slug="slug"),
    "public:launch:kit": rule(slug="slug"),
    "public:coaching:my_week": REFUSED,
    "public:coaching:alerts": REFUSED,
    "public:coaching:log": rule(slug="slug"),
    "public:coaching:trainings": REFUSED,
    "public:coaching:training_create": REFUSED,
    "public:coaching:training": rule(pk="training"),
    "public:coaching:training_invite": rule(pk="training"),
    "public:coaching:training_invite_amorceurs": rule(pk="training"),
    "public:coaching:training_attendance": rule(pk="training"),
    "public:support:list": REFUSED,
    "public:support:open": rule(slug="slug"),
    "public:billing_console:partner_list": REFUSED,
    "public:billing_console:partner_create": REFUSED,
    "public:billing_console:partner_detail": rule(pk="partner"),
    "public:billing_console:partner_edit": rule(pk="partner"),
    "public:billing_console:contact_add": rule(pk="partner"),
    "public:billing_console:contact_delete": rule(pk="contact"),
    "public:billing_console:invite": rule(pk="partner"),
    "public:billing_console:subscription_create": rule(pk="partner"),
    "public:billing_console:invoice_issue": rule(pk="subscription"),
    "public:billing_console:invoice_list": REFUSED,
    "public:billing_console:invoice_detail": rule(pk="invoice"),
    "public:billing_console:invoice_pdf": rule(pk="invoice"),
    "public:billing_console:invoice_mark_paid": rule(pk="invoice"),
    "public:billing_console:invoice_csv": REFUSED,
    "public:billing_console:invoice_send": rule(pk="invoice"),
    "public:billing_console:invoice_chorus_file": rule(pk="invoice"),
    "public:billing_console:invoice_chorus_deposit": rule(pk="invoice"),
    "public:billing_console:chorus_refresh": rule(pk="chorus_deposit"),
    "public:billing_console:plan_list": REFUSED,
    "public:billing_console:ecb_rates": REFUSED,
    "public:billing_console:plan_create": REFUSED,
    "public:billing_console:plan_edit": rule(pk="plan"),
    "public:billing_console:subscription_edit": rule(pk="subscription"),
    "public:billing_console:subscription_cancel": rule(pk="subscription"),
    "public:billing_console:membership_revoke": rule(pk="membership"),
    "public:billing_console:credit_note_issue": rule(pk="invoice"),
    "public:billing_console:credit_note_detail": rule(pk="credit_note"),
    "public:billing_console:credit_note_pdf": rule(pk="credit_note"),
    "public:billing_console:credit_note_send": rule(pk="credit_note"),
    "public:billing_console:credit_note_chorus_file": rule(pk="credit_note"),
    "public:billing_console:credit_note_chorus_deposit": rule(pk="credit_note"),
    "public:coaching:alert_acknowledge": rule(pk="alert"),
    "public:coaching:session_edit": rule(slug="slug", pk="coaching_session"),
    "public:coaching:session_delete": rule(slug="slug", pk="coaching_session"),
    "public:rollout:regions": REFUSED,
    "public:rollout:region_create": REFUSED,
    "public:rollout:region": rule(code="region_code"),
    "public:rollout:region_edit": rule(code="region_code"),
    "public:rollout:national": REFUSED,
    "public:rollout:coaches": REFUSED,
    "public:rollout:coach": rule(pk="coach"),
    "public:tasklog:list": REFUSED,
    "public:tasklog:handle": rule(pk="failed_task"),
    "public:portal:credit_note_pdf": rule(note_id="credit_note"),
    # A forged invitation token: a real one is the invited person's key.
    "public:partner_invitations:accept": rule(token="forged"),
    "public:portal:home": PARTNER_OWN,
    "public:portal:subscribe": PARTNER_OWN,
    "public:portal:checkout_done": PARTNER_OWN,
    "public:portal:checkout_cancelled": rule(subscription_id="subscription"),
    "public:portal:billing_portal": PARTNER_OWN,
    "public:portal:invoices": PARTNER_OWN,
    "public:portal:invoice_pdf": rule(invoice_id="invoice"),
    "public:portal:refresh_invoices": PARTNER_OWN,
    "public:portal:impact": PARTNER_OWN,
    "public:portal:impact_csv": PARTNER_OWN,
    "public:portal:network": rule(network_id="network_id"),
    "public:portal:report": PARTNER_OWN,
    "public:portal:report_pdf": PARTNER_OWN,
    # Anyone may post to it; an unsigned event is refused with 400 and nothing stored.
    "public:stripe:webhook": OPEN,
    "public:admin:login": OPEN,
    "public:admin:logout": OPEN,
    # Every other admin page goes through `admin_site.admin_view` (staff only): one rule for all.
    "public:admin:*": rule(
        object_id="1", content_type_id="1", id="1", app_label="billing", url="inconnue/"
    ),
    "public:set_language": OPEN,
    "public:api-schema": OPEN,
    # The health probe (coopere/health.py): names services, never a network's data.
    "public:health": OPEN,
}


# --- the routes --------------------------------------------------------------------------


@dataclass
class Route:
    urlconf: str
    pattern: str  # the full pattern, e.g. "annonces/<int:pk>/"
    name: str | None  # "exchange:post_detail"; None for some admin views

    @property
    def key(self) -> str:
        prefix = "tenant" if self.urlconf == TENANT else "public"
        key = f"{prefix}:{self.name}"
        if self.pattern.startswith("admin/") and key not in RULES:
            return f"{prefix}:admin:*"
        return key


def walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace and (f"{namespace}:{p.namespace}" if namespace else p.namespace)
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns or namespace)
        elif isinstance(p, URLPattern):
            name = p.name and (f"{namespace}:{p.name}" if namespace else p.name)
            yield prefix + str(p.pattern), name


def all_routes() -> list[Route]:
    return [
        Route(urlconf, pattern, name)
        for urlconf in (TENANT, PUBLIC)
        for pattern, name in walk(get_resolver(urlconf).url_patterns)
    ]


PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def build_path(route: Route, params: dict) -> str:
    def value(match):
        return str(params[match.group(1) or match.group(2)])

    return "/" + PARAM.sub(value, route.pattern).replace("^", "").replace("$", "")


# --- the world ---------------------------------------------------------------------------


def _bump_sequences(schema: str):
    """A's ids far above any B holds, so that an id of A never names B's own object."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(format('%%I.%%I', schemaname, sequencename), 500000)"
            " FROM pg_sequences WHERE schemaname = %s AND coalesce(last_value, 0) < 500000",
            [schema],
        )


def _member(email, first_name, **fields) -> Member:
    user = User.objects.create_user(email=email, password=PASSWORD, first_name=first_name)
    return Member.objects.create(
        user=user, display_name=f"{first_name} Secrète", address="3 rue Secrète", **fields
    )


def build_world(network_a: Network) -> dict:
    now = timezone.now()
    with schema_context(network_a.schema_name):
        _bump_sequences(network_a.schema_name)
        pilote = _member("pilote-matrice@a.test", "Théa", group_role=Member.GroupRole.PILOTE)
        helper = _member("aide-matrice@a.test", "Hélène")
        odette = _member(None, "Odette", sponsor=pilote)
        theme = Theme.objects.create(name="Thème secret de A")
        post = posts.create_post(
            actor=pilote,
            author=pilote,
            kind="need",
            title="Secret de A",
            theme=Theme.objects.get(name="Conseils"),
        )
        conn = connections.express_interest(
            actor=helper, member=helper, post=post, message="Message secret de A"
        )
        cafe = Cafe.objects.create(
            starts_at=now + timedelta(days=3),
            place_name="Square",
            video_url="https://visio.example/secret-a",
            created_by=pilote,
        )
        project = Project.objects.create(title="Projet secret de A", created_by=pilote)
        step = ProjectStep.objects.create(project=project, position=1, text="Étape secrète de A")
        photo = ProjectPhoto.objects.create(
            project=project,
            image=f"{network_a.schema_name}/projects/2026/01/secret.jpg",
            added_by=pilote,
        )
        sheet = Sheet.objects.create(
            kind=Sheet.Kind.KICKOFF, slug="fiche-secrete-de-a", title="Fiche secrète de A"
        )
        purchase = GroupPurchase.objects.create(
            item="Achat secret de A",
            supplier="Fournisseur",
            unit_cost_cents=500,
            deadline=now + timedelta(days=7),
            organiser=pilote,
        )
        task = Task.objects.create(
            family=TaskFamily.objects.first(), title="Tâche secrète de A", created_by=pilote
        )
        fete = Event.objects.create(
            title="Fête secrète de A",
            year=2097,
            date=date(2097, 6, 1),
            place="Parc",
            created_by=pilote,
        )
        newsletter = Newsletter.objects.create(
            subject="Lettre secrète de A", body_html="Lettre secrète de A", created_by=pilote
        )
        world = {
            "post": post.pk,
            "connection": conn.pk,
            "message": conn.messages.first().pk,
            "odette": odette.pk,
            "pilote": pilote.pk,
            "theme": theme.pk,
            "cafe": cafe.pk,
            "project": project.pk,
            "step": step.pk,
            "photo_path": photo.image.name,
            "sheet": sheet.slug,
            "purchase": purchase.pk,
            "task": task.pk,
            "fete": fete.pk,
            "newsletter": newsletter.pk,
            "unsubscribe_token": unsubscribe_token(helper),
            "uid": urlsafe_base64_encode(force_bytes(helper.user.pk)),
            "reset_token": default_token_generator.make_token(helper.user),
            # A support visit going on in A (the network's own log row).
            "support_visit": SupportSession.objects.create(
                network_schema=network_a.schema_name,
                network_slug=network_a.slug,
                network_name=network_a.name,
                coach_id=1,
                coach_name="Nadia Secrète",
                reason="Visite secrète",
                granted_at=now,
                link_expires_at=now,
                entered_at=now,
                ends_at=now + timedelta(hours=1),
            ).pk,
        }
    with schema_context(get_public_schema_name()):
        coach = create_operator(
            email="coach-matrice@coopere.test", password=PASSWORD, first_name="Nadia"
        )
        partner = make_partner("Commune Secrète", "2191034777")
        make_partner_user(partner, "elu-matrice@a.test")
        plan = Plan.objects.get(code="suivi-annuel")
        subscription = make_subscription(partner, plan, [network_a], source="manual")
        invoice = Invoice.objects.create(
            partner=partner,
            subscription=subscription,
            source=Invoice.Source.MANUAL,
            number="FA-MATRICE-0001",
            year=2097,
            sequence=1,
            status=Invoice.Status.ISSUED,
            issued_on=date.today(),
            buyer_name="Commune Secrète",
            created_by=coach,
        )
        contact = PartnerContact.objects.create(partner=partner, name="Commune Secrète")
        invitations.invite_partner_user(
            partner=partner, email="invite-matrice@a.test", invited_by=coach
        )
        amorceur = Amorceur.objects.create(
            network=network_a, name="Amorceur secret", kind="resident"
        )
        relay = Relay.objects.create(network=network_a, name="Relais secret")
        document = NetworkDocument.objects.create(
            network=network_a, title="Document secret", file="onboarding/x.pdf", uploaded_by=coach
        )
        training = Training.objects.create(
            title="Formation secrète",
            topic="role",
            starts_at=now + timedelta(days=9),
            place="Salle",
            trainer="Nadia",
            created_by=coach,
        )
        grant = grant_support_access(network=network_a, actor=coach, reason="Matrice")
        membership = PartnerMembership.objects.get(user__email="elu-matrice@a.test")
        paid_invoice = Invoice.objects.create(
            partner=partner,
            subscription=subscription,
            source=Invoice.Source.MANUAL,
            number="FA-MATRICE-0002",
            year=2097,
            sequence=2,
            status=Invoice.Status.VOID,
            issued_on=date.today(),
            buyer_name="Commune Secrète",
            created_by=coach,
        )
        credit_note = CreditNote.objects.create(
            invoice=paid_invoice,
            partner=partner,
            number="AV-MATRICE-0001",
            year=2097,
            sequence=1,
            issued_on=date.today(),
            reason="Avoir secret",
            buyer_name="Commune Secrète",
            total_excl_tax_cents=0,
            vat_cents=0,
            total_cents=0,
            created_by=coach,
        )
        chorus_deposit = ChorusDeposit.objects.create(
            invoice=invoice,
            flow_number="CPP-MATRICE-0001",
            file_name="SECRET_FA-MATRICE-0001.pdf",
            deposited_at=now,
            deposited_by=coach,
        )
        alert = HealthAlert.objects.create(
            network=network_a, kind="no_cafe", detail="Alerte secrète", opened_at=now
        )
        coaching = CoachingSession.objects.create(
            network=network_a,
            coach=coach,
            date=date.today(),
            duration_minutes=60,
            topics=["role"],
            notes="Séance secrète",
        )
        failed = FailedTask.objects.create(
            task_name="exchange.tasks.matrice",
            schema_name=network_a.schema_name,
            call_key="matrice",
            exception="Échec secret",
            first_failed_at=now,
            last_failed_at=now,
        )
        secret_region = Region.objects.create(name="Région secrète", code="region-secrete")
        secret_region.coaches.add(coach)
        world.update(
            slug=network_a.slug,
            network_id=network_a.pk,
            item=ChecklistItem.objects.order_by("pk").first().pk,
            partner=partner.pk,
            contact=contact.pk,
            subscription=subscription.pk,
            invoice=invoice.pk,
            plan=plan.pk,
            amorceur=amorceur.pk,
            relay=relay.pk,
            document=document.pk,
            training=training.pk,
            support_query=grant.path.split("?", 1)[1],
            membership=membership.pk,
            credit_note=credit_note.pk,
            chorus_deposit=chorus_deposit.pk,
            alert=alert.pk,
            coaching_session=coaching.pk,
            failed_task=failed.pk,
            region_code=secret_region.code,
            coach=coach.pk,
            forged="jeton-invente",
        )
    return world


# Capabilities (a reset link, an unsubscribe link, a support link) belong to whoever holds
# them: the anonymous visitor on A's own host gets forged ones.
FORGED = {
    "reset_token": "abc-0123456789abcdef",
    "unsubscribe_token": "MTIz:forge:forge",
    "support_query": "jeton=forge",
}


# --- asking --------------------------------------------------------------------------------


class _Undo(Exception):
    """Rolls a request's savepoint back."""


def _counters(schemas) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT schemaname || '.' || relname, n_tup_ins + n_tup_upd + n_tup_del"
            " FROM pg_stat_xact_user_tables WHERE schemaname = ANY(%s)",
            [list(schemas)],
        )
        return dict(cursor.fetchall())


def _body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8", errors="replace")


@dataclass
class Answer:
    status: int
    location: str = ""
    body: str = ""
    written: dict = field(default_factory=dict)
    error: str = ""


def ask(client, method, path, *, query="", data=None, api=False, watched=()) -> Answer:
    """One request in a savepoint rolled back at once; the rows it wrote (even rolled
    back) in the watched schemas are read from PostgreSQL's counters."""
    cookies = SimpleCookie()
    cookies.load(client.cookies.output(header="", sep=";"))
    before = _counters(watched)
    answer = Answer(status=0)
    try:
        with transaction.atomic():
            kwargs = {"QUERY_STRING": query}
            if api and method != "GET":
                kwargs.update(data=json.dumps(data or {}), content_type="application/json")
            elif method == "POST":
                kwargs.update(data=data or {})
            try:
                response = getattr(client, method.lower())(path, **kwargs)
            except Exception as exc:
                answer.error = f"{type(exc).__name__}: {exc}"[:300]
            else:
                answer.status = response.status_code
                answer.location = response.get("Location", "")
                answer.body = _body(response)
            raise _Undo
    except _Undo:
        pass
    connection.set_schema_to_public()
    after = _counters(watched)
    answer.written = {t: n - before.get(t, 0) for t, n in after.items() if n != before.get(t, 0)}
    client.cookies = cookies  # a logout or a language switch lasts one request only
    return answer


LOGIN_PATHS = ("/connexion/", "/admin/login/")


def refused(answer: Answer) -> bool:
    if answer.status in (401, 403, 404, 405):
        return True
    if answer.status in (301, 302):
        path = answer.location.split("?", 1)[0]
        path = re.sub(r"^https?://[^/]+", "", path)
        return path == "/" or path.startswith(LOGIN_PATHS)
    return False


def api_operations(client) -> dict[str, set[str]]:
    """The API schema's operations, by route name: {"api:post-detail": {"GET", "PATCH"}}."""
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200, response.status_code
    schema = json.loads(response.content)
    operations: dict[str, set[str]] = {}
    for path, item in schema["paths"].items():
        match = resolve(re.sub(r"\{\w+\}", "1", path), urlconf=TENANT)
        methods = {m.upper() for m in item if m in ("get", "post", "put", "patch", "delete")}
        operations.setdefault(match.view_name, set()).update(methods)
    assert operations, "the API schema lists no operation"
    return operations


def requests_for(persona, urlconf, world, operations):
    """(route key, method, path, query, data, api) for every route and method."""
    for route in all_routes():
        if route.urlconf != urlconf:
            continue
        rule = RULES[route.key]
        allowed = persona in rule.allowed
        values = {}
        for name, key in rule.params.items():
            if persona != PILOTE_B and key in FORGED:
                values[name] = FORGED[key]
            else:
                values[name] = world.get(key, key)
        path = build_path(route, values)
        query = rule.query and (FORGED[rule.query] if persona != PILOTE_B else world[rule.query])
        api = route.pattern.startswith("api/") and route.name != "api-schema"
        methods = {"GET", "POST"} | operations.get(route.name, set())
        for method in sorted(methods):
            if allowed:
                data = {}
            elif api:
                data = {**PLAUSIBLE, "theme": world["theme"], "member": world["odette"]}
            else:
                data = PLAUSIBLE
            yield route, rule, allowed, method, path, query, data, api


# --- the fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world in A for the whole module, in a transaction rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with schema_context(get_public_schema_name()):
                network_a = Network.objects.get(slug="reseau-a")
            yield network_a, build_world(network_a)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.set_schema_to_public()


@pytest.fixture(scope="module")
def tally(request):
    counts = {"routes": set(), "requests": 0}
    yield counts
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    line = (
        f"isolation matrix: {len(counts['routes'])} routes, {counts['requests']} requests"
        " covered (GET, POST and the API schema's methods, by four strangers to network A)"
    )
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # shown even without -s
            reporter.write_line(line)
    else:
        print(line)


def _client(network, user=None) -> Client:
    client = Client(HTTP_HOST=host_of(network))
    if user is not None:
        connection.set_schema_to_public()
        client.force_login(user)
    return client


def persona_clients(persona, world, network_a, network_b):
    """{urlconf: client} for one stranger."""
    if persona == PILOTE_B:
        with schema_context(network_b.schema_name):
            _member("pilote-matrice@b.test", "Bérénice", group_role=Member.GroupRole.PILOTE)
        client = Client(HTTP_HOST=host_of(network_b))
        response = client.post(
            "/connexion/", {"username": "pilote-matrice@b.test", "password": PASSWORD}
        )
        assert response.status_code == 302
        return {TENANT: client}
    if persona == PARTNER:
        with schema_context(get_public_schema_name()):
            other = make_partner("Bailleur Autre", "3254960999")
            make_subscription(other, Plan.objects.get(code="suivi-annuel"), [network_b])
            user = make_partner_user(other, "autre-partenaire@matrice.test")
        return {PUBLIC: _client(None, user)}
    if persona == RESIDENT:
        with schema_context(get_public_schema_name()):
            user = User.objects.create_user(
                email="voisine-base@matrice.test", password=PASSWORD, first_name="Lou"
            )
        return {PUBLIC: _client(None, user)}
    return {TENANT: Client(HTTP_HOST=host_of(network_a)), PUBLIC: Client(HTTP_HOST=host_of(None))}


# --- the tests -----------------------------------------------------------------------------


def test_every_route_has_a_rule_with_its_ids():
    routes = all_routes()
    keys = {route.key for route in routes}
    missing = sorted(keys - RULES.keys())
    assert not missing, f"routes without a rule in RULES: {missing}"
    stale = sorted(RULES.keys() - keys)
    assert not stale, f"rules for routes that no longer exist: {stale}"
    for route in routes:
        params = {a or b for a, b in PARAM.findall(route.pattern)}
        unfilled = params - RULES[route.key].params.keys()
        assert not unfilled, f"{route.key} ({route.pattern}): no value for {unfilled}"


@pytest.mark.parametrize("persona", [PILOTE_B, PARTNER, RESIDENT, ANONYMOUS])
def test_strangers_reach_nothing_of_network_a(
    persona, world, tally, db, network_b_open, client_for
):
    network_a, ids = world
    watched = (network_a.schema_name, get_public_schema_name())
    clients = persona_clients(persona, ids, network_a, network_b_open)
    operations = api_operations(client_for(network_a))
    failures, log = [], []
    for urlconf, client in clients.items():
        for route, rule, allowed, method, path, query, data, api in requests_for(
            persona, urlconf, ids, operations
        ):
            answer = ask(client, method, path, query=query, data=data, api=api, watched=watched)
            tally["routes"].add((urlconf, route.pattern))
            tally["requests"] += 1
            where = f"{persona} {method} {path}{'?' + query if query else ''} [{route.key}]"
            log.append(f"{where} -> {answer.status} {answer.location} {answer.error}".rstrip())
            if answer.error or answer.status >= 500:
                failures.append(f"{where}: {answer.status} {answer.error}")
                continue
            if not allowed and not refused(answer):
                failures.append(f"{where}: not refused ({answer.status} {answer.location})")
            if allowed and persona != ANONYMOUS and answer.location.startswith(LOGIN_PATHS):
                # The asker is not logged in after all: the matrix would test nobody.
                failures.append(f"{where}: {persona} was sent to log in")
            written = {
                t: n
                for t, n in answer.written.items()
                if t != "public.django_session"  # the asker's own session (a flash message)
                and not (allowed and t.split(".", 1)[1] in rule.writes)
            }
            if written:
                failures.append(f"{where}: wrote {written}")
            leaked = [m for m in MARKERS if m in answer.body]
            if leaked:
                failures.append(f"{where}: shows {leaked}")
    if os.environ.get("COOPERE_MATRIX_LOG"):  # every request and its answer, to read
        with open(os.environ["COOPERE_MATRIX_LOG"], "a", encoding="utf-8") as out:
            out.write("\n".join(log) + "\n")
    assert not failures, f"{len(failures)} findings:\n" + "\n".join(failures)


def test_the_matrix_sees_a_write_and_a_leak(world, db, client_for):
    """The detectors work: A's own pilote (who may) reads the post and closes it — the same
    requests the strangers made — and the matrix would have reported both."""
    network_a, ids = world
    client = client_for(network_a)
    client.post("/connexion/", {"username": "pilote-matrice@a.test", "password": PASSWORD})
    watched = (network_a.schema_name, get_public_schema_name())
    page = ask(client, "GET", f"/annonces/{ids['post']}/", watched=watched)
    assert page.status == 200 and "Secret de A" in page.body and not refused(page)
    path = f"/annonces/{ids['post']}/statut/"
    closed = ask(client, "POST", path, data=PLAUSIBLE, watched=watched)
    assert refused(closed) is False
    assert closed.written.get(f"{network_a.schema_name}.exchange_post", 0) >= 1
    # …and the savepoint took it back: the next asker finds the post open.
    with schema_context(network_a.schema_name):
        assert Post.objects.get(pk=ids["post"]).status == Post.Status.OPEN
