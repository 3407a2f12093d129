"""Gapless yearly numbering shared by invoices (FA-2026-0001) and credit notes (AV-2026-0001).

French rule: each kind of document follows one continuous sequence per calendar year, with
no gap and no duplicate. The year's counter row is incremented by one upsert inside the
transaction that writes the document: the row stays locked until that transaction ends, so a
concurrent issuer waits for it, and a failure rolls the number back with the document.
"""

from django.db import connection, models


def take_next_number(sequence_model: type[models.Model], year: int) -> int:
    """The year's next number from `sequence_model` (a table of `year`, `last_number`).
    Must run inside the document's own transaction (row lock)."""
    table = connection.ops.quote_name(sequence_model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last_number) VALUES (%s, 1) "
            f"ON CONFLICT (year) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number",
            [year],
        )
        return cursor.fetchone()[0]


def format_number(prefix: str, year: int, sequence: int) -> str:
    """("FA", 2026, 1) -> "FA-2026-0001"."""
    return f"{prefix}-{year}-{sequence:04d}"
