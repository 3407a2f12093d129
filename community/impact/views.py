from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from exchange.access import animator_required
from frontend import charts
from frontend.dates import short_month
from frontend.spreadsheet import csv_response, month_cell

from . import indicators, selectors, services

SERIES = [
    ("residents", "Registered residents"),
    ("exchanges_done", "Exchanges done"),
    ("cafes_held", "Cafés held"),
    ("cafe_attendance", "Attendance at cafés"),
    ("newcomers", "Newcomers welcomed"),
    ("projects_started", "Projects started"),
    ("projects_done", "Projects done"),
]


def _rows():
    """History from the public snapshots, the current month live (24 months at most)."""
    today = timezone.localdate().replace(day=1)
    live = indicators.compute(today)
    rows = [
        {"month": s.month, **{f: getattr(s, f) for f in indicators.FIELDS}}
        for s in selectors.history(months=24)
        if s.month != today
    ]
    rows.append({"month": today, **{f: live[f] for f in indicators.FIELDS}})
    return rows[-24:], live


@animator_required
def impact_page(request):
    rows, live = _rows()
    labels = [short_month(r["month"]) for r in rows]
    charts_ = [
        charts.bar_chart(_(title), labels, [r[key] for r in rows], chart_id=key)
        for key, title in SERIES
    ]
    themes = sorted(live["exchanges_by_theme"].items(), key=lambda kv: -kv[1])
    return render(
        request,
        "impact/page.html",
        {
            "live": live,
            "rows": rows,
            "charts": charts_,
            "themes": themes,
            "theme_chart": charts.bar_chart(
                _("Exchanges this month, by theme"),
                [t for t, _n in themes],
                [n for _t, n in themes],
                chart_id="themes",
            ),
            "reach": round(100 * live["households_reached"] / live["households_in_perimeter"])
            if live["households_in_perimeter"]
            else None,
        },
    )


@animator_required
def impact_csv(request):
    rows, _live = _rows()
    return csv_response(
        "impact.csv",
        ([month_cell(row["month"]), *[row[f] for f in indicators.FIELDS]] for row in rows),
        header=["mois", *indicators.CSV_COLUMNS],
    )


@require_POST
@animator_required
def refresh_snapshot(request):
    """On demand: write this month's row in public now (the monthly task does it too)."""
    services.write_snapshot()
    messages.success(request, _("The figures shared with Coop-ère are up to date."))
    return redirect("impact:page")
