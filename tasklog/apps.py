from django.apps import AppConfig


class TasklogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tasklog"
    verbose_name = "Failed tasks"

    def ready(self):
        from . import signals  # noqa: F401 (connects the task_failure handler)
