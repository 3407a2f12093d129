"""gunicorn's settings for every way Coop-ère runs in production: `make prod`, the
Containerfile and the systemd unit all start `gunicorn -c infra/gunicorn.conf.py
coopere.wsgi`. Each value can be changed by the environment."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# gunicorn itself reads WEB_CONCURRENCY too; stated here so the default is ours: 2 workers
# per core is plenty for server-rendered pages that wait on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # PDFs take a few seconds
graceful_timeout = 30
# A worker that has touched many networks holds their cached lookups and compiled
# templates: recycle each one after a while, at staggered times.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Trust X-Forwarded-Proto only from the proxy in front (nginx on the same machine).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# Heartbeat files in memory, not on a container's overlay disk.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
