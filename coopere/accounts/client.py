"""Who is asking: the client's address behind a known number of trusted proxies.

`REMOTE_ADDR` is the proxy's address in production (nginx, a load balancer). Each trusted
proxy appends the address it received from to `X-Forwarded-For`, so with N trusted proxies
the client is the N-th entry from the right; entries further left are whatever the client
sent, never trusted. Used by login throttling (django-axes) and the activation limiter.
"""

from django.conf import settings


def client_ip(request) -> str:
    proxies = settings.COOPERE_TRUSTED_PROXY_COUNT
    if proxies > 0:
        chain = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(chain) >= proxies:
            return chain[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"
