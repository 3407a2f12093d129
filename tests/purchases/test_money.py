"""Amounts in integer cents, shown and typed the French way."""

import pytest
from django.template import Context, Template

from coopere.money import format_amount, format_money, parse_euros


@pytest.mark.parametrize(
    "cents, shown",
    [
        (1250, "12,50\u00a0€"),
        (5, "0,05\u00a0€"),
        (0, "0,00\u00a0€"),
        (123456789, "1\u202f234\u202f567,89\u00a0€"),
        (-450, "-4,50\u00a0€"),
    ],
)
def test_format_money(cents, shown):
    assert format_money(cents) == shown


def test_format_amount_without_grouping_is_for_spreadsheets():
    assert format_amount(123456, grouping=False) == "1234,56"


@pytest.mark.parametrize(
    "typed, cents",
    [
        ("4,50", 450),
        ("4.5", 450),
        ("4", 400),
        (" 12,05 € ", 1205),
        ("1 200,00", 120000),
        ("-3", -300),
        ("4,505", None),
        ("quatre", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_euros(typed, cents):
    assert parse_euros(typed) == cents


def test_the_template_filter():
    rendered = Template("{% load euros %}{{ a|euros }}|{{ b|euros }}").render(
        Context({"a": 2700, "b": None})
    )
    assert rendered == "27,00\u00a0€|"
