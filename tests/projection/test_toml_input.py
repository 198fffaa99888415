"""TOML input files: every key located by line, nesting capped before the parser recurses, limits on
size, encoding and integer length — each refusal a one-line error, never a traceback."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from selloff.projection import toml_input
from selloff.projection.toml_input import TomlInputError, key_lines, loads, locate, read_text

TEXT = """\
# a comment with [brackets] and "quotes" = 1
name = "x"          # line 2
title = '''a multi-line
title with [brackets]
'''
"quoted key" = 1    # line 6
a.b.c = 2           # line 7

[sale]              # line 9
seller = "Japan"
amount_usd_bn = 60.0

[fed]
policy_change_months = [
    0,              # line 15
    12,
]
policy_passthrough = { "10y" = 0.3, "30y" = 0.2 }
dates = 1979-05-27 07:32:00

[[items]]
v = 1               # line 22
[[items]]
v = 2               # line 24
"""


def test_the_fixture_is_valid_toml() -> None:
    assert tomllib.loads(TEXT)["fed"]["policy_change_months"] == [0, 12]


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("name",), 2),
        (("title",), 3),
        (("quoted key",), 6),
        (("a", "b", "c"), 7),
        (("a",), 7),
        (("sale",), 9),
        (("sale", "seller"), 10),
        (("sale", "amount_usd_bn"), 11),
        (("fed", "policy_change_months"), 14),
        (("fed", "policy_change_months", 0), 15),
        (("fed", "policy_change_months", 1), 16),
        (("fed", "policy_passthrough", "30y"), 18),
        (("fed", "dates"), 19),
        (("items", 0, "v"), 22),
        (("items", 1, "v"), 24),
    ],
)
def test_key_lines_finds_every_key_and_item(path: tuple[str | int, ...], line: int) -> None:
    assert key_lines(TEXT)[path] == line


def test_a_missing_field_is_located_at_its_table() -> None:
    lines = key_lines(TEXT)
    assert locate(lines, ("sale", "pace_months")) == 9
    assert locate(lines, ("horizon_months",)) is None


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 600 + "]" * 600,
        "a = " + "{b = " * 600 + "1" + "}" * 600,
        "x." * 5000 + "y = 1",
        "[" + "t." * 5000 + "u]\nz = 1",
    ],
    ids=["arrays", "inline-tables", "dotted-keys", "table-header"],
)
def test_deep_nesting_is_refused_in_one_line(text: str) -> None:
    # tomllib alone raises RecursionError on the first two; the last two parse into 5,000 levels
    with pytest.raises(
        TomlInputError, match=r"^bad\.toml: (arrays or tables|keys) nested \d+ deep; at most 16"
    ):
        loads(text, source="bad.toml")


def test_nesting_at_the_limit_is_accepted() -> None:
    depth = toml_input.MAX_DEPTH - 1
    assert loads("a = " + "[" * depth + "]" * depth, source="ok.toml")["a"]


def test_an_integer_of_5000_digits_is_refused_in_one_line() -> None:
    with pytest.raises(TomlInputError, match="a number of more than 4,300 digits"):
        loads("seed = 1" + "0" * 5000, source="big.toml")


def test_invalid_toml_names_line_and_column() -> None:
    with pytest.raises(TomlInputError, match=r"x\.toml: not valid TOML: .*line 2"):
        loads('name = "x"\ntitle = \n', source="x.toml")


def test_read_text_refuses_big_and_non_utf8_files(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (toml_input.MAX_FILE_BYTES + 1))
    with pytest.raises(TomlInputError, match="more than a scenario file can be"):
        read_text(big)
    latin = tmp_path / "latin1.toml"
    latin.write_bytes('name = "caf\u00e9"\n'.encode("latin-1"))
    with pytest.raises(TomlInputError, match=r"latin1\.toml is not UTF-8 text \(byte 11\)"):
        read_text(latin)
    with pytest.raises(TomlInputError, match="cannot read"):
        read_text(tmp_path / "missing.toml")


def test_show_keeps_offending_values_short() -> None:
    assert toml_input.show(True) == "True"
    assert toml_input.show(1e300) == "1e+300"
    assert toml_input.show(10**30) == "an integer of more than 20 digits"
    assert toml_input.show("x" * 100).endswith("...'")
    assert toml_input.show({"a": 1}) == ""
