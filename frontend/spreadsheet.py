"""CSV files for French spreadsheets, the one way every download of the platform is written.

`;` separated, UTF-8 with a BOM and CRLF line ends, so that Excel in French opens them as
columns with the accents right; cells written the French way: `oui`/`non`, dates
`31/12/2026` (and `31/12/2026 23:59` in Paris time), decimal commas; and a text cell that a
spreadsheet would run as a formula (a name typed as "=HYPERLINK(…)") is defused.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone

BOM = "\ufeff"
DELIMITER = ";"
_NUMBER = re.compile(r"-?\d+(,\d+)?")


def text(value: str) -> str:
    """A text cell a spreadsheet must not run as a formula (a negative amount stays one)."""
    if _NUMBER.fullmatch(value):
        return value
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def cell(value) -> str | int:
    """One value the French way: oui/non, dd/mm/yyyy, local time, decimal comma."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, int):
        return value
    return text(str(value))


def month_cell(month: datetime.date) -> str:
    """A month as a person writes it: 11/2026."""
    return month.strftime("%m/%Y")


def french_csv(rows: Iterable[Iterable], *, header: Iterable[str] | None = None) -> str:
    """The whole file as text (BOM included). Cells go through `cell` unless already text
    of ours: pass raw values."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    if header is not None:
        writer.writerow(list(header))
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue()


def csv_response(filename: str, rows: Iterable[Iterable], *, header=None) -> HttpResponse:
    """A download: `filename` without a path, ending in .csv."""
    response = HttpResponse(french_csv(rows, header=header), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
