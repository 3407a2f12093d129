"""`make prod` for real: its runner (infra/prodserver.py) starts gunicorn on loopback, a
Celery worker and beat, on a real PostgreSQL database of its own and the real Redis, with
the production settings. Driven over HTTP like a browser behind nginx would: the public
site and its hashed static files, a network's home, the console after logging in,
/sante/ (database, cache, storage, Redis, a Celery worker's ping), and a task queued in a
network's schema that the worker runs. Then a SIGTERM to the runner stops everything.

Every wait polls with a deadline. The database (`<your database>_makeprod`) is kept between
runs, like a real deployment: the first run migrates it (a few minutes on a loaded
machine), later runs find nothing to migrate."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
BASE = "coopere.localhost"
NETWORK = "bois-des-roches"
START_SECONDS = 420  # a first run migrates a fresh database
# Minutes, not seconds (migrations, collectstatic, four processes starting): not in
# `make test`; `make test-prod` runs it (COOPERE_MAKE_PROD_TEST=1).
pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        not os.environ.get("COOPERE_MAKE_PROD_TEST"),
        reason="make prod's test runs with `make test-prod` (COOPERE_MAKE_PROD_TEST=1)",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    parts = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coopere"))
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_makeprod"))


def _postgres_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=2):
            return True
    except OSError:
        return False


def _poll(what, condition, seconds, runner=None):
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if runner is not None and runner.poll() is not None:
            pytest.fail(f"make prod stopped (code {runner.returncode}) while waiting for {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within {seconds} s")
        time.sleep(0.5)


class Site:
    """HTTP to the runner's gunicorn as nginx would send it: the Host header of the site
    asked for, X-Forwarded-Proto https (cookies are Secure), cookies kept per host."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, dict[str, str]] = {}

    def request(self, method, host, path, **kwargs):
        headers = {
            "Host": f"{host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{host}:{self.port}{path}",
            **kwargs.pop("headers", {}),
        }
        response = requests.request(
            method,
            f"http://127.0.0.1:{self.port}{path}",
            headers=headers,
            cookies=self.cookies.get(host, {}),
            allow_redirects=False,
            timeout=60,  # a worker's first request loads Django: slow on a loaded machine
            **kwargs,
        )
        self.cookies.setdefault(host, {}).update(response.cookies.get_dict())
        return response

    def get(self, host, path, **kwargs):
        return self.request("GET", host, path, **kwargs)

    def health(self):
        try:
            return self.get(BASE, "/sante/", headers={"Accept": "application/json"})
        except requests.RequestException:  # not listening yet, or a worker still loading
            return None


@pytest.fixture(scope="module")
def prod():
    if not _postgres_answers():
        pytest.skip("make prod needs PostgreSQL on 127.0.0.1:5432")
    port = _free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "DATABASE_URL": _database_url(),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        # Its own queue: another worker on the same Redis never takes its tasks.
        "COOPERE_CELERY_QUEUE": f"makeprod-{uuid.uuid4().hex[:8]}",
        "COOPERE_BASE_DOMAIN": BASE,
        # As in production (make prod turns it off for people on plain loopback HTTP).
        "SECURE_SSL_REDIRECT": "True",
    }
    for name in ("DJANGO_SETTINGS_MODULE", "ALLOWED_HOSTS", "SECRET_KEY", "EMAIL_URL"):
        env.pop(name, None)  # the runner's own values, as `make prod` gets them
    runner = subprocess.Popen(
        [sys.executable, "-m", "infra.prodserver", "--demo"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    site = Site(port)
    try:
        started = time.monotonic()
        _poll("answer from /sante/", lambda: site.health(), START_SECONDS, runner)
        print(f"make prod answered after {time.monotonic() - started:.1f} s")
        yield site, env, runner
    finally:
        _stop(runner)


def _stop(runner):
    group = runner.pid
    if runner.poll() is None:
        runner.send_signal(signal.SIGTERM)
    try:
        runner.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(group, signal.SIGKILL)
        pytest.fail("make prod did not stop within 40 s of SIGTERM")

    def group_gone():
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        return False

    deadline = time.monotonic() + 20
    while not group_gone():
        if time.monotonic() > deadline:
            os.killpg(group, signal.SIGKILL)
            pytest.fail("gunicorn or Celery outlived make prod")
        time.sleep(0.2)


def test_health_names_every_service_ok(prod):
    site, _env, _runner = prod
    # The worker may still be starting when gunicorn first answers: poll for all OK.
    response = _poll(
        "healthy /sante/",
        lambda: (r := site.health()) is not None and r.status_code == 200 and r,
        60,
    )
    checks = response.json()
    assert set(checks.values()) == {"OK"}, checks
    names = " ".join(checks)
    for service in ("Database", "Cache", "Storage", "Redis", "Ping"):
        assert service in names
    # Plain HTTP from the machine itself (a compose or systemd probe) is not redirected.
    plain = requests.get(
        f"http://127.0.0.1:{site.port}/sante/?format=json",
        headers={"Host": BASE},
        allow_redirects=False,
        timeout=30,
    )
    assert plain.status_code == 200
    # Any other page on plain HTTP goes to HTTPS.
    page = requests.get(
        f"http://127.0.0.1:{site.port}/", headers={"Host": BASE}, allow_redirects=False, timeout=30
    )
    assert page.status_code == 301 and page.headers["Location"].startswith("https://")
    # Only on the base domain: a network's host has no such page.
    assert site.get(f"{NETWORK}.{BASE}", "/sante/").status_code == 404


def test_public_site_and_its_hashed_static_files(prod):
    site, _env, _runner = prod
    page = site.get(BASE, "/")
    assert page.status_code == 200
    assert "Bois des Roches" in page.text
    css = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page.text)
    assert css, "no hashed stylesheet in the page (manifest storage)"
    static = site.get(BASE, css.group(1))
    assert static.status_code == 200
    assert "max-age=315360000" in static.headers["Cache-Control"]  # WhiteNoise, immutable
    assert site.get("inconnu." + BASE, "/").status_code == 404


def test_network_home(prod):
    site, _env, _runner = prod
    page = site.get(f"{NETWORK}.{BASE}", "/")
    assert page.status_code == 200
    assert "Bois des Roches" in page.text
    assert "Content-Security-Policy" in page.headers


def test_console_login(prod):
    site, _env, _runner = prod
    assert site.get(BASE, "/console/").status_code == 302  # anonymous: to the login page
    form = site.get(BASE, "/connexion/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    wrong = site.request(
        "POST",
        BASE,
        "/connexion/",
        data={
            "csrfmiddlewaretoken": token,
            "username": "coach@coopere.localhost",
            "password": "pas-le-bon",
        },
    )
    assert wrong.status_code == 200  # the form again, with its error
    logged = site.request(
        "POST",
        BASE,
        "/connexion/",
        data={
            "csrfmiddlewaretoken": token,
            "username": "coach@coopere.localhost",
            "password": "cafe-rencontre",
        },
    )
    assert logged.status_code == 302, logged.text[:500]
    assert "Secure" in logged.headers["Set-Cookie"]
    console = site.get(BASE, "/console/")
    assert console.status_code == 200
    assert "Bois des Roches" in console.text


def test_celery_task_round_trip(prod):
    """A recount queued in the network's schema: the worker runs it there and writes the
    network's member count in public."""
    _site, env, _runner = prod
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        schema, before = conn.execute(
            "SELECT schema_name, member_count_at FROM tenants_network WHERE slug = %s", [NETWORK]
        ).fetchone()
        queue = (
            "import django; django.setup()\n"
            "from django_tenants.utils import schema_context\n"
            "from tenants.tasks import recount_members\n"
            f"with schema_context({schema!r}):\n"
            "    recount_members.delay()\n"
        )
        from infra.prodserver import local_environment

        sent = subprocess.run(
            [sys.executable, "-c", queue],
            cwd=ROOT,
            env={**local_environment(), **env, "DJANGO_SETTINGS_MODULE": "coopere.settings.prod"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert sent.returncode == 0, sent.stderr

        def recounted():
            at, count = conn.execute(
                "SELECT member_count_at, member_count FROM tenants_network WHERE slug = %s",
                [NETWORK],
            ).fetchone()
            return at is not None and at != before and count

        assert _poll("recount by the worker", recounted, 60) >= 3  # the demo's residents
