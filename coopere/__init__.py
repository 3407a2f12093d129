"""Coop-ère platform core — the design card's `platform/` folder.

Named `coopere` because a package called `platform` would shadow Python's standard
`platform` module (and break `uuid`, among others).
"""

from .celery import app as celery_app

__all__ = ["celery_app"]
