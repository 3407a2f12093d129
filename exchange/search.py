"""French full-text search with accents ignored, on a stock PostgreSQL.

Accents are folded in Python on both sides (the stored vector and the query), then
PostgreSQL's built-in `french` configuration stems the words. No `unaccent` extension is
needed: the embedded PostgreSQL of `make run` does not ship it, and managed databases may
not allow it.
"""

import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Value

SEARCH_CONFIG = "french"
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "’": "'"})


def fold(text: str) -> str:
    """'Étagère à œillets' -> 'Etagere a oeillets'."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def vector_for(title: str, description: str) -> SearchVector:
    return SearchVector(Value(fold(title)), weight="A", config=SEARCH_CONFIG) + SearchVector(
        Value(fold(description)), weight="B", config=SEARCH_CONFIG
    )


def query_for(text: str) -> SearchQuery:
    return SearchQuery(fold(text), config=SEARCH_CONFIG, search_type="websearch")
