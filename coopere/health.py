"""The health endpoint, /sante/ on the base domain (django-health-check).

One endpoint for the whole platform, on the base domain only: health is a property of the
processes and services (database, cache, Redis, Celery workers, media storage), not of a
network, and a probe needs one host it can name. Network hosts answer 404 there, so
`PlatformNotOpenMiddleware` and network data never come into it. Behind a proxy the
probe sends `Host: <base domain>`; production exempts the path from the HTTPS redirect
so a probe on plain HTTP from the same machine gets the answer, not a 301.

200 when every check passes, 500 with the failing ones named otherwise
(`?format=json` or `Accept: application/json` for machines).
"""

import datetime

from django.conf import settings
from health_check.checks import Cache, Database, Storage
from health_check.views import HealthCheckView


def _checks() -> list:
    checks = [Database(), Cache(), Storage()]
    if settings.REDIS_URL:
        from health_check.contrib.redis import Redis
        from redis.asyncio import Redis as RedisClient

        checks.append(Redis(client_factory=lambda: RedisClient.from_url(settings.REDIS_URL)))
    if settings.COOPERE_HEALTH_CELERY:
        from health_check.contrib.celery import Ping

        from coopere.celery import app

        # limit=1: answer as soon as one worker replied, not after the whole timeout.
        checks.append(Ping(app=app, timeout=datetime.timedelta(seconds=3), limit=1))
    return checks


class HealthView(HealthCheckView):
    def get_checks(self):
        yield from _checks()
