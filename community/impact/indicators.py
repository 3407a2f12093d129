"""The network's indicators for one month, computed inside its schema.

Each community sub-app answers for its own figures through `selectors.impact_counts(start,
end)`; this module adds the residents' and exchanges' figures and assembles them under
the names of `tenants.NetworkSnapshot`'s fields. A fixed number of queries, whatever the
size of the network.
"""

from datetime import date, datetime, time

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from exchange.models import Exchange, Member, Post

FIELDS = [
    "households_in_perimeter",
    "households_reached",
    "residents",
    "accompanied",
    "active_offers",
    "active_needs",
    "exchanges_done",
    "cafes_held",
    "cafe_attendance",
    "newcomers",
    "projects_started",
    "projects_done",
    "group_size",
    "tasks_done",
    "task_spread",
    "newsletters_sent",
    "purchases_closed",
]

# The CSV's column names (impact CSV, partner CSV): French, without accents or spaces, so
# that a spreadsheet formula or a script can name them; one per FIELDS entry, same order.
CSV_COLUMNS = [
    "foyers_du_perimetre",
    "foyers_touches",
    "habitants_inscrits",
    "membres_accompagnes",
    "offres_actives",
    "besoins_actifs",
    "echanges_realises",
    "cafes_tenus",
    "participants_aux_cafes",
    "nouveaux_venus",
    "projets_lances",
    "projets_termines",
    "taille_du_groupe",
    "taches_faites",
    "repartition_des_taches",
    "lettres_envoyees",
    "achats_groupes_clotures",
]
assert len(CSV_COLUMNS) == len(FIELDS)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """[first instant of the month, first instant of the next), in Europe/Paris."""
    start = month.replace(day=1)
    following = (start.replace(day=28) + timezone.timedelta(days=4)).replace(day=1)
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), tz),
        timezone.make_aware(datetime.combine(following, time.min), tz),
    )


def compute(month: date) -> dict:
    start, end = month_bounds(month)
    as_of = min(end, timezone.now())
    members = Member.objects.filter(registered_at__lt=as_of).filter(
        Q(anonymised_at__isnull=True) | Q(anonymised_at__gte=as_of)
    )
    people = members.aggregate(
        residents=Count("pk"), accompanied=Count("pk", filter=Q(sponsor__isnull=False))
    )
    posts = Post.objects.filter(
        is_hidden=False,
        published_at__lt=as_of,
        status__in=[Post.Status.OPEN, Post.Status.IN_PROGRESS],
    ).aggregate(
        active_needs=Count("pk", filter=Q(kind=Post.Kind.NEED)),
        active_offers=Count("pk", filter=~Q(kind=Post.Kind.NEED)),
    )
    by_theme = dict(
        Exchange.objects.filter(done_at__gte=start, done_at__lt=end)
        .values_list("theme__name")
        .annotate(n=Count("pk"))
        .order_by("theme__name")
    )
    figures = {
        "households_in_perimeter": getattr(connection.tenant, "estimated_households", 0) or 0,
        # One registration is one household: the method registers households, in person.
        "households_reached": people["residents"],
        **people,
        **posts,
        "exchanges_done": sum(by_theme.values()),
        "exchanges_by_theme": by_theme,
    }
    figures.update(_sub_app_counts(start, end))
    return figures


def _sub_app_counts(start, end) -> dict:
    from community.cafes.selectors import cafes_scheduled
    from community.cafes.selectors import impact_counts as cafes
    from community.newsletter.selectors import impact_counts as newsletter
    from community.projects.selectors import impact_counts as projects
    from community.purchases.selectors import impact_counts as purchases
    from community.team.selectors import impact_counts as team

    c = cafes(start, end)
    t = team(start, end)
    return {
        "cafes_held": c["cafes_held"],
        # Not in FIELDS (the impact page's history): a stock read by the console's launch gate.
        "cafes_scheduled": cafes_scheduled(end),
        "cafe_attendance": c["attendance"],
        "newcomers": c["newcomers"],
        **projects(start, end),
        "group_size": t["group_size"],
        "tasks_done": t["tasks_done"],
        "task_spread": round(float(t["task_spread"]), 3),
        "newsletters_sent": newsletter(start, end)["newsletters_sent"],
        "purchases_closed": purchases(start, end)["purchases_closed"],
    }
