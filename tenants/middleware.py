from django_tenants.middleware.main import TenantMainMiddleware

from .hosts import network_for_host
from .models import Domain


class CachedTenantMiddleware(TenantMainMiddleware):
    """django-tenants' middleware with a cached host lookup.

    The base domain maps to the public schema through its own Domain row; any host that
    is not a live network's domain answers 404 (django-tenants' default).
    """

    def get_tenant(self, domain_model, hostname):
        tenant = network_for_host(hostname)
        if tenant is None:
            raise Domain.DoesNotExist(hostname)
        return tenant
