"""Fixtures inside network A: see tests/community.py."""

from tests.community import (  # noqa: F401
    _french,
    animator,
    browser,
    chromium,
    error_of,
    in_a,
    live_server_port,
    new_page,
    odette,
    paul,
    pilote,
    rose,
    site,
    voisin,
)
