"""run_inline: a dispatcher's queued tasks run at once, in the schema that queued them
(as the worker would, without the broker), so a test sees the whole effect of a beat."""

from django.db import connection


def run_inline(monkeypatch, task) -> list[str]:
    """Replace task.apply_async by a direct call; returns the schemas it ran in."""
    ran = []

    def apply_async(args=(), kwargs=None, countdown=0, **options):
        ran.append(connection.schema_name)
        return task(*(args or ()), **(kwargs or {}))

    monkeypatch.setattr(task, "apply_async", apply_async)
    return ran
