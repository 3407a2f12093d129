from tests.console import (  # noqa: F401 (fixtures used by this folder's tests)
    _french,
    browser,
    chromium,
    coach,
    console,
    live_server_port,
    login,
    new_page,
    partner_user,
    site,
)
