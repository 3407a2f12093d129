"""Celery's task_failure: a task that failed for good (no retry left, or an error that is
not retried) is recorded in public for the operators. Never raises: a broken database
must not take the worker down with it."""

import logging
import traceback as tb

from celery.signals import task_failure
from django.db import connection

logger = logging.getLogger(__name__)


def _schema_of(task) -> str:
    from django_tenants.utils import get_public_schema_name

    request = getattr(task, "request", None)
    headers = getattr(request, "headers", None) or {}
    schema = headers.get("_schema_name") if isinstance(headers, dict) else None
    if not schema and request is not None:
        schema = getattr(request, "_schema_name", None)
    return schema or getattr(connection, "schema_name", None) or get_public_schema_name()


@task_failure.connect(dispatch_uid="tasklog_record_failure")
def record_task_failure(
    sender=None, task_id=None, exception=None, args=None, kwargs=None, einfo=None, **_
):
    from . import services

    name = getattr(sender, "name", None) or str(sender)
    try:
        if connection.in_atomic_block is False:
            # After a database error the connection may be unusable: start afresh.
            connection.close_if_unusable_or_obsolete()
        services.record_failure(
            task_name=name,
            schema_name=_schema_of(sender),
            args=args or (),
            kwargs=kwargs or {},
            exception=exception if exception is not None else "",
            traceback=str(einfo) if einfo else "".join(tb.format_exception(exception)),
            task_id=task_id or "",
        )
    except Exception:
        logger.exception("could not record the failure of task %s (%s)", name, task_id)
