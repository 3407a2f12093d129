"""The Celery app. tenant-schemas-celery stamps each task with the schema that queued it
and switches the worker's connection to that schema before the task runs."""

import os
from pathlib import Path

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopere.settings.dev")

app = CeleryApp("coopere")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_filesystem_queue_folders(sender, **kwargs):
    # The dev default broker (no REDIS_URL) is a folder queue: it must exist before use.
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder"):
        if key in options:
            Path(options[key]).mkdir(parents=True, exist_ok=True)
