"""The report's words: the calibration's flags read as words in the honesty paragraph (pure; the paragraphs
themselves are checked against the warehouse in test_report.py)."""

from __future__ import annotations

import pytest

from selloff.delivery.report import prose


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        (["wrong_sign"], "of the wrong sign"),
        (
            ["insignificant", "wrong_sign", "below_published_range"],
            "not significantly different from zero, of the wrong sign and below the published range",
        ),
        (["a_new_flag"], "a new flag"),
    ],
)
def test_calibration_flags_read_as_words(flags: list[str], words: str) -> None:
    assert prose._flags_in_words(flags) == words
