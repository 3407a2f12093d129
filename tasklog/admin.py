from django.contrib import admin

from .models import FailedTask


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin):
    list_display = ("task_name", "schema_name", "count", "last_failed_at", "handled_at")
    list_filter = ("task_name",)
    readonly_fields = [f.name for f in FailedTask._meta.fields]
