"""Writes: record a failed task, mark one handled."""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from .models import FailedTask

EXCEPTION_MAX = 2000
TRACEBACK_MAX = 20000


def _json_safe(value):
    # Task arguments are JSON already (the serializer); str() anything that is not.
    return json.loads(json.dumps(value, default=str))


def call_key(*, task_name: str, schema_name: str, args, kwargs) -> str:
    raw = json.dumps([task_name, schema_name, args, kwargs], sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def record_failure(
    *,
    task_name: str,
    schema_name: str,
    args=(),
    kwargs=None,
    exception: BaseException | str,
    traceback: str = "",
    task_id: str = "",
) -> FailedTask:
    """One more failure of this call: its open row counts it, or a new row opens."""
    args = _json_safe(list(args or ()))
    kwargs = _json_safe(dict(kwargs or {}))
    if isinstance(exception, BaseException):
        exception = f"{type(exception).__name__}: {exception}"
    exception = str(exception)[:EXCEPTION_MAX]
    traceback = (traceback or "")[-TRACEBACK_MAX:]
    key = call_key(task_name=task_name, schema_name=schema_name, args=args, kwargs=kwargs)
    now = timezone.now()
    fields = {"exception": exception, "traceback": traceback, "task_id": task_id or ""}
    with schema_context(get_public_schema_name()), transaction.atomic():
        for _attempt in range(2):
            updated = FailedTask.objects.filter(call_key=key, handled_at__isnull=True).update(
                count=F("count") + 1, last_failed_at=now, **fields
            )
            if updated:
                return FailedTask.objects.get(call_key=key, handled_at__isnull=True)
            try:
                with transaction.atomic():  # a concurrent worker may open it first
                    return FailedTask.objects.create(
                        task_name=task_name,
                        schema_name=schema_name,
                        args=args,
                        kwargs=kwargs,
                        call_key=key,
                        first_failed_at=now,
                        last_failed_at=now,
                        **fields,
                    )
            except IntegrityError:
                continue
        raise RuntimeError("could not record the failed task")  # pragma: no cover


def mark_failure_handled(*, failure: FailedTask, operator) -> FailedTask:
    """An operator has dealt with it (re-queued by hand, fixed the data...)."""
    with transaction.atomic():
        locked = FailedTask.objects.select_for_update().get(pk=failure.pk)
        if locked.handled_at is not None:
            raise ValidationError(
                {"failure": [_("This failed task was already marked as handled.")]}
            )
        locked.handled_at = timezone.now()
        locked.handled_by = operator
        locked.save(update_fields=["handled_at", "handled_by"])
    return locked
