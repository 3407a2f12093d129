from tests.console import _french, coach, console, login, partner_user  # noqa: F401
