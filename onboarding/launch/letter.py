"""The invitation letter's words: the default text written from the method, the fields a
coach may write in it ({date}, {heure}, {lieu}, {reseau}) and how they are filled in."""

import math
import re

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from frontend.dates import hour

# Longer texts no longer fit on one A4 sheet with the letter's heading and signature
# (measured with WeasyPrint: tests/launch/test_pages.py prints the longest one).
BODY_MAX = 2000
LINES_MAX = 28
CHARACTERS_PER_LINE = 95
ADDRESS_MAX = 200
ADDRESSES_MAX = 1000

FIELD = re.compile(r"\{([^{}]*)\}")
# French names first (the letter is written in French); English ones are accepted too.
FIELD_NAMES = {
    "date": "date",
    "heure": "time",
    "time": "time",
    "lieu": "place",
    "place": "place",
    "reseau": "network",
    "réseau": "network",
    "network": "network",
}


def default_body() -> str:
    return _(
        "Hello,\n\n"
        "We live in the neighbourhood and, with the association Coop-ère, we want to start "
        "a cooperation network between neighbours here: “{reseau}”.\n\n"
        "The idea is simple: at the scale of our streets and buildings, help each other out, "
        "lend equipment, share advice, start projects together (a shared garden, compost, "
        "group purchases…) and meet every month at a café-rencontre: a table, a parasol and "
        "drinks in a public space. A website reserved for our neighbourhood will help "
        "everyone offer and ask for help; you join it by meeting a neighbour, never alone "
        "from home.\n\n"
        "Everything rests on four principles: gratuité (no money between neighbours), "
        "réciprocité (everyone gives and receives), neutralité (no politics, religion or "
        "business) and tranquillité (no canvassing, your contact details stay yours).\n\n"
        "To tell you all about it, we invite you to an apéro-info on {date} at {heure}, "
        "{lieu}. Come as you are, alone or with your family, even for a few minutes: there "
        "is nothing to pay and nothing to sign.\n\n"
        "See you soon!"
    )


def unknown_fields(body: str) -> list[str]:
    return sorted({name for name in FIELD.findall(body) if name.strip() not in FIELD_NAMES})


def estimated_lines(body: str) -> float:
    """How many printed lines the text takes, a paragraph's gap counting for 0.6 line."""
    lines = 0.0
    for paragraph in re.split(r"\n\s*\n", body.replace("\r\n", "\n").strip()):
        if paragraph.strip():
            lines += 0.6 + sum(
                max(1, math.ceil(len(line) / CHARACTERS_PER_LINE))
                for line in paragraph.strip().split("\n")
            )
    return lines


def when(starts_at) -> tuple[str, str]:
    """The day and the time of an aware datetime, as the letter writes them (local time)."""
    local = timezone.localtime(starts_at)
    return formats.date_format(local, "l j F Y"), hour(local)


def fill(body: str, *, apero, network) -> list[str]:
    """The text's paragraphs with its fields filled in (plain text: the template escapes)."""
    day, time = when(apero.starts_at)
    values = {"date": day, "time": time, "place": apero.place, "network": network.name}

    def replace(match):
        key = FIELD_NAMES.get(match[1].strip())
        return values[key] if key else match[0]

    text = FIELD.sub(replace, body.replace("\r\n", "\n"))
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def address_lines(text: str) -> list[str]:
    """One address a line, trimmed, blank lines and repeats dropped, order kept."""
    lines, seen = [], set()
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if line and line.casefold() not in seen:
            seen.add(line.casefold())
            lines.append(line)
    return lines
