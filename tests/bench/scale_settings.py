"""Settings of `make bench-scale`: the test settings, plus

- a tenant app holding one one-column migration (tests/bench/scale_column), so the
  benchmark can time a real migration over every network;
- persistent connections, as in production (the test settings close them after each
  request, which would make every request pay a reconnection and a cold catalogue cache).
"""

from coopere.settings.test import *  # noqa: F403
from coopere.settings.test import DATABASES, INSTALLED_APPS, TENANT_APPS

BENCH_APP = "tests.bench.scale_column"
TENANT_APPS = [*TENANT_APPS, BENCH_APP]
INSTALLED_APPS = [*INSTALLED_APPS, BENCH_APP]
DATABASES["default"]["CONN_MAX_AGE"] = 600
