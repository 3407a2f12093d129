from django_tenants.utils import get_public_schema_name

from tenants.hosts import site_url


def site(request):
    """What every layout needs: the current network (if any) and the public site's URL."""
    tenant = getattr(request, "tenant", None)
    is_network = tenant is not None and tenant.schema_name != get_public_schema_name()
    return {
        "network": tenant if is_network else None,
        # Pages shared by both sides (login...) extend the layout of the host they are on.
        "base_template": "network/base.html" if is_network else "public/base.html",
        "public_site_url": site_url(request),
    }
