"""The test settings on a Citus coordinator (`make citus`): the same, but with the backend
whose schema editor names every constraint it adds (tenants/citus_backend)."""

from .test import *  # noqa: F403
from .test import DATABASES

DATABASES["default"]["ENGINE"] = "tenants.citus_backend"
