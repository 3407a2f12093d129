"""Read-only views for staff: writes go through the console pages and their services."""

from django.contrib import admin

from .models import CoachingSession, HealthAlert, Training, TrainingInvitation


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(HealthAlert)
class HealthAlertAdmin(ReadOnlyAdmin):
    list_display = ["network", "kind", "opened_at", "closed_at"]
    list_filter = ["kind"]
    list_select_related = ["network"]


@admin.register(CoachingSession)
class CoachingSessionAdmin(ReadOnlyAdmin):
    list_display = ["network", "coach", "date", "duration_minutes"]
    list_select_related = ["network", "coach"]
    date_hierarchy = "date"


class InvitationInline(admin.TabularInline):
    model = TrainingInvitation
    fields = ["network", "name", "email", "emailed_at", "attended"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Training)
class TrainingAdmin(ReadOnlyAdmin):
    list_display = ["title", "topic", "starts_at", "trainer"]
    inlines = [InvitationInline]
