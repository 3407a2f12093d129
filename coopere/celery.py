"""The Celery app. tenant-schemas-celery stamps each task with the schema that queued it
and switches the worker's connection to that schema before the task runs."""

import os
import smtplib
from pathlib import Path

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopere.settings.dev")

app = CeleryApp("coopere")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _transient_errors() -> tuple[type[BaseException], ...]:
    """Errors worth trying again later: a mail server, the database, Redis or the network
    that is down or slow. Programming errors are not in it: they fail at once."""
    from django.db import InterfaceError, OperationalError
    from kombu.exceptions import OperationalError as BrokerError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (
        smtplib.SMTPException,
        OSError,  # ConnectionError, socket timeouts, refused connections
        OperationalError,
        InterfaceError,
        BrokerError,
        RedisConnectionError,
        RedisTimeoutError,
    )


TRANSIENT_ERRORS = _transient_errors()

# Every side-effecting task takes this policy: retried on transient errors with
# exponential backoff (30 s, 1 min, 2 min... at most 1 h, jittered so thousands of
# networks do not come back at the same second), 6 times; then it fails for good and
# tasklog records it for the operators (console: /console/taches/). Tasks are safe to run
# twice, so a retry after a half-done run sends nothing twice.
RETRY_POLICY = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 6,
}


@app.on_after_configure.connect
def _make_filesystem_queue_folders(sender, **kwargs):
    # The dev default broker (no REDIS_URL) is a folder queue: it must exist before use.
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder"):
        if key in options:
            Path(options[key]).mkdir(parents=True, exist_ok=True)
