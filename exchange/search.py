"""French full-text search with accents ignored, on a stock PostgreSQL.

The search vector is a generated column (`Post.search_vector`, `GENERATED ALWAYS ... STORED`):
PostgreSQL computes it on every insert and update, whatever wrote the row (a service, the
questionnaire, `bulk_create`, `QuerySet.update`, the API, the admin, raw SQL). Nothing in
Python has to remember to refresh it.

Text goes through `folded()` on both sides (the stored vector and the query), in SQL, so the
two can never disagree:
- lower case, ligatures spelled out (œ -> oe, æ -> ae), typographic apostrophe -> ';
- accents removed: Unicode NFKD, then the combining marks dropped (`normalize()` and
  `regexp_replace()` are built in and immutable, as a generated column requires; no
  `unaccent` extension: the embedded PostgreSQL of `make run` does not ship it, and managed
  databases may not allow it);
- the plural endings PostgreSQL's `french` (Snowball) stemmer leaves alone trimmed:
  a final "s" after a, i, o, u ("vélos" -> "velo", "amis" -> "ami") and a final "x" after
  "eu"/"ou" ("jeux" -> "jeu", "bijoux" -> "bijou"). Words of three letters or fewer keep
  theirs ("bus", "eux"). The stemmer does the rest ("perceuses" and "perceuse" -> "perceux",
  "étagères" -> "etager", "chevaux" -> "cheval").
Only built-in functions appear in the expression: nothing schema-qualified, so the column is
the same in every network's schema and in a clone of the template.
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Lower, Replace

SEARCH_CONFIG = "french"

# Unicode combining marks: diacritics, their extensions and supplements, marks for symbols,
# half marks. What Python's `unicodedata.combining()` reports for Latin text.
_COMBINING = r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
_LIGATURES = (("œ", "oe"), ("æ", "ae"), ("’", "'"))
# (pattern, replacement): plurals the french stemmer does not reduce.
_PLURALS = (
    (r"([[:alpha:]]{2}[aiou])s\M", r"\1"),
    (r"([[:alpha:]][eo]u)x\M", r"\1"),
)


class _Normalize(Func):
    function = "normalize"
    template = "%(function)s(%(expressions)s, NFKD)"
    output_field = TextField()


class _RegexpReplace(Func):
    function = "regexp_replace"
    arity = 4
    output_field = TextField()


def folded(expression):
    """SQL expression: `expression` lower-cased, accents folded, plain plurals trimmed."""
    text = Lower(expression, output_field=TextField())
    for ligature, spelled in _LIGATURES:
        text = Replace(text, Value(ligature), Value(spelled), output_field=TextField())
    text = _RegexpReplace(_Normalize(text), Value(_COMBINING), Value(""), Value("g"))
    for pattern, replacement in _PLURALS:
        text = _RegexpReplace(text, Value(pattern), Value(replacement), Value("g"))
    return text


def post_document():
    """The generated column's expression: title (weight A) and description (weight B)."""
    return SearchVector(folded(F("title")), weight="A", config=SEARCH_CONFIG) + SearchVector(
        folded(F("description")), weight="B", config=SEARCH_CONFIG
    )


def query_for(text: str) -> SearchQuery:
    """What a resident typed, folded the same way, in `websearch` syntax ("…", or, -)."""
    return SearchQuery(folded(Value(text)), config=SEARCH_CONFIG, search_type="websearch")
