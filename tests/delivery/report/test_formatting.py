"""Number formats and the minus sign: how the report shows a value, in tables and in running text (pure;
the charts are tested in tests/delivery/test_charts.py)."""

from __future__ import annotations

import pytest

from selloff.delivery.report import blocks, formatting
from selloff.delivery.report.tables import Fmt


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (959.2231, "usd_bn", "959"),
        (1925.5, "usd_bn", "1,926"),
        (-16.618, "usd_bn", "\u221216.6"),
        (0.5716, "usd_bn", "0.57"),
        (75.595, "bp", "76"),
        (6.64, "bp", "6.6"),
        (3.8501, "pct", "3.85"),
        (18.308, "pct", "18.3"),
        (14.444444, "dec2", "14.44"),
        (2035, "fy", "2035"),
        (1000, "int", "1,000"),
        (-0.0001, "bp", "0.0"),
        (0, "usd_bn", "0"),
        (float("nan"), "usd_bn", "–"),
        (None, "text", "–"),
        (True, "bool", "yes"),
        (0.0004, "p", "<0.001"),
    ],
)
def test_format_value(value: object, fmt: Fmt, text: str) -> None:
    assert formatting.format_value(value, fmt) == text


def test_a_negative_amount_after_a_dollar_sign_puts_the_minus_first() -> None:
    paragraph = formatting.paragraph(
        "from $",
        formatting.num(-16.618, "usd_bn", "a"),
        "bn to $",
        formatting.num(1925.5, "usd_bn", "b"),
        "bn",
    )
    text = "".join(part if isinstance(part, str) else part.text for part in paragraph.parts)
    assert text == "from \u2212$16.6bn to $1,926bn"
    # the unrounded value behind the figure is untouched
    assert [part.value for part in paragraph.parts if isinstance(part, blocks.Num)] == ["-16.618", "1925.5"]
