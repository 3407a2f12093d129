"""Reads for the console: failed tasks, newest first."""

from .models import FailedTask

RECENTLY_HANDLED = 20


def open_failures():
    return FailedTask.objects.filter(handled_at__isnull=True).order_by("-last_failed_at", "-pk")


def open_failure_count() -> int:
    return open_failures().count()


def recently_handled():
    return (
        FailedTask.objects.filter(handled_at__isnull=False)
        .select_related("handled_by")
        .order_by("-handled_at", "-pk")[:RECENTLY_HANDLED]
    )
