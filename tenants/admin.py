from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Domain, Network, Region
from .services import PoolEmpty, create_network


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}
    filter_horizontal = ["coaches"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Coaches are Coop-ère's staff, never partner or resident accounts.
        if db_field.name == "coaches":
            from coopere.accounts.selectors import coaches

            kwargs["queryset"] = coaches()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0
    readonly_fields = ["domain", "is_primary"]
    can_delete = False


class OpenNetworkForm(forms.ModelForm):
    class Meta:
        model = Network
        fields = [
            "name",
            "slug",
            "region",
            "estimated_households",
            "perimeter_description",
            "meeting_place",
        ]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "region", "phase", "member_count", "opened_at"]
    list_filter = ["region", "phase"]
    search_fields = ["name", "slug"]
    readonly_fields = ["schema_name", "state", "member_count", "member_count_at", "opened_at"]
    inlines = [DomainInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(state=Network.State.LIVE)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = OpenNetworkForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return OpenNetworkForm.Meta.fields
        return super().get_fields(request, obj)

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        # Opening goes through the service, from the warm pool only: no schema is ever
        # built inside a web request.
        try:
            network = create_network(
                name=obj.name,
                slug=obj.slug,
                region=obj.region,
                estimated_households=obj.estimated_households,
                perimeter_description=obj.perimeter_description,
                meeting_place=obj.meeting_place,
                method="pool",
            )
        except (ValidationError, PoolEmpty) as exc:
            raise _AdminRefusal(exc) from exc
        obj.pk = network.pk

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except _AdminRefusal as refusal:
            exc = refusal.args[0]
            text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            self.message_user(request, text, level=messages.ERROR)
            return HttpResponseRedirect(reverse("admin:tenants_network_add"))


class _AdminRefusal(Exception):
    pass


admin.site.site_header = _("Coop-ère administration")
admin.site.site_title = _("Coop-ère")
