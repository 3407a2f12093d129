"""The browser fixtures are a plugin (tests/fixtures/browser.py); its helpers stay
importable from here for the journeys that import them this way."""

from tests.fixtures.browser import (  # noqa: F401 (helpers, not fixtures)
    ARTIFACTS,
    CHROMIUM_ARGS,
    LiveSite,
    coach_with_a_spare,
    log_in,
)
