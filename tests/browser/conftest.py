"""Browser journeys: our own live server, and Debian's Chromium driven by Playwright.

pytest-django's `live_server` is not used: it forces `transactional_db`, whose flush would
wipe the rows tests/conftest.py commits once per session (public site, networks, residents).
Our server only reads those committed rows, through its own connections.
"""

import os
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.cache import cache
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from playwright.sync_api import sync_playwright

from tests.conftest import PASSWORD

# Playwright's sync API keeps an asyncio event loop in the main thread, so Django would raise
# SynchronousOnlyOperation on any ORM call a test or fixture makes while the browser is open,
# although these calls are plain blocking ones made outside the loop.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_CHROMIUM = "Chromium absent: browser journeys skipped (apt-get install chromium)"


def log_in(page, url: str, email: str, password: str = PASSWORD):
    """Log in through the form at `url` (the login page, or a page that asks to log in)."""
    page.goto(url)
    page.get_by_label("Adresse e-mail ou code membre", exact=True).fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()


@dataclass(frozen=True)
class LiveSite:
    port: int

    def url(self, slug: str | None = None, path: str = "/") -> str:
        """The public site (slug=None) or a network; browsers resolve *.localhost locally."""
        base = settings.COOPERE_BASE_DOMAIN
        host = f"{slug}.{base}" if slug else base
        return f"http://{host}:{self.port}{path}"


@pytest.fixture(scope="session")
def chromium() -> str:
    path = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
    path = path or shutil.which("chromium")
    if path is None:
        if os.environ.get("COOPERE_REQUIRE_BROWSER") == "1":
            pytest.fail(
                "Chromium absent but COOPERE_REQUIRE_BROWSER=1: browser journeys are required "
                "(apt-get install chromium)",
                pytrace=False,
            )
        pytest.skip(NO_CHROMIUM)
    return path


@pytest.fixture(scope="session")
def live_server_port(chromium, django_db_setup):
    """A threaded WSGI server (static files included) on a free port, for the whole session."""
    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler, allow_reuse_address=False)
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def site(live_server_port, django_db_blocker):
    """The live site; database access is unblocked (for the server's threads) while a test runs."""
    # The host lookup cache (in-process, shared with the server's threads) is not rolled back
    # with other tests' transactions: it may hold a network as a test left it (test_routing
    # renames reseau-a). The server must answer from the committed rows.
    cache.clear()
    with django_db_blocker.unblock():
        yield LiveSite(live_server_port)


@pytest.fixture(scope="module")
def browser(chromium):
    # Module scope: Playwright's event loop is gone before the rest of the suite runs.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """new_page(**context_options): a page in a fresh context (own cookies), in French.
    The test fails if a page it opened broke the Content-Security-Policy."""
    contexts, violations = [], []

    def csp_violation(message):
        # Chromium reports each refusal of the Content-Security-Policy on the console.
        if "Content Security Policy" in message.text:
            violations.append((message.page.url if message.page else "?", message.text))

    def make(**options):
        context = browser.new_context(locale="fr-FR", **options)
        context.set_default_timeout(10_000)
        context.on("console", csp_violation)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    # Every page a journey visits keeps to the policy (settings.CONTENT_SECURITY_POLICY).
    assert not violations, violations


@contextmanager
def coach_with_a_spare(email: str, slug: str):
    """A committed operator and one spare schema in the warm pool (the console opens networks
    from it); afterwards the network `slug`, its schema and the operator are removed."""
    from django.db import connection
    from django_tenants.utils import get_public_schema_name, schema_context

    from coopere.accounts.models import User
    from coopere.accounts.services import create_operator
    from support.models import SupportSession
    from tenants.models import Network
    from tenants.services import fill_pool
    from tests.conftest import PASSWORD

    with schema_context(get_public_schema_name()):
        operator = create_operator(email=email, password=PASSWORD, first_name="Camille")
        fill_pool(1)
    try:
        yield operator
    finally:
        with schema_context(get_public_schema_name()):
            network = Network.objects.filter(slug=slug).first()
            if network is not None:
                schema = network.schema_name
                SupportSession.objects.filter(network_schema=schema).delete()
                network.delete()
                with connection.cursor() as cursor:
                    cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            users = User.objects.filter(pk=operator.pk)
            users._raw_delete(users.db)
