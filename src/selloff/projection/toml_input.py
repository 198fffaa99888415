"""Scenario and grid files as TOML: read with limits, parsed with a nesting cap, every error located.

A bad file is refused with **all** its errors at once, each naming its field and the line it is on
(``sale.amount_usd_bn: Input should be a valid number, got True (line 12)``). Standard library and
pydantic only, so the CLI can refuse a bad file before anything slow is imported.

:func:`read_text` reads a file (size cap, UTF-8 named by byte), :func:`loads` parses it (nesting cap,
no ``RecursionError``), :func:`key_lines` maps every key and array item to its line, and
:func:`field_errors` turns a pydantic ``ValidationError`` into :class:`FieldError` s located in the text.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

MAX_FILE_BYTES = 1_000_000
"""A scenario or grid file is a few hundred bytes; anything past 1 MB is not one."""
MAX_DEPTH = 16
"""Deepest nesting of tables and arrays accepted (a scenario needs 3); deeper input is refused before
the parser, whose recursion would otherwise end in a ``RecursionError``."""

PathPart = str | int
KeyPath = tuple[PathPart, ...]


class TomlInputError(ValueError):
    """A file that cannot be read or parsed as TOML; the message is one line naming the file."""


@dataclass(frozen=True)
class FieldError:
    """One invalid field of a file: where it is (dotted path, 1-based line) and what is wrong."""

    field: str
    message: str
    line: int | None = None
    """None when the field is missing from the file and its table is too."""

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" + (f" (line {self.line})" if self.line else "")


# --------------------------------------------------------------------------------------------------
# reading and parsing
# --------------------------------------------------------------------------------------------------


def read_text(path: Path) -> str:
    """The file's text: UTF-8, at most :data:`MAX_FILE_BYTES`. Raises :class:`TomlInputError`."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TomlInputError(
                f"{path} is {size:,} bytes, more than a scenario file can be ({MAX_FILE_BYTES:,})"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise TomlInputError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TomlInputError(f"{path} is not UTF-8 text (byte {exc.start}): save it as UTF-8") from None


def loads(text: str, *, source: str) -> dict[str, Any]:
    """Parse TOML ``text`` (named ``source`` in errors), refusing nesting deeper than :data:`MAX_DEPTH`.

    Raises :class:`TomlInputError`: not valid TOML (tomllib's message carries line and column), or
    nested too deeply (arrays, inline tables or dotted keys).
    """
    depth = _bracket_depth(text)
    if depth > MAX_DEPTH:
        raise TomlInputError(f"{source}: arrays or tables nested {depth} deep; at most {MAX_DEPTH} allowed")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TomlInputError(f"{source}: not valid TOML: {exc}") from None
    except RecursionError:  # a backstop: the bracket count above should have refused it
        raise TomlInputError(f"{source}: nested too deeply; at most {MAX_DEPTH} levels allowed") from None
    except ValueError:  # Python refuses to convert integers of more than 4,300 digits
        raise TomlInputError(f"{source}: not valid TOML: a number of more than 4,300 digits") from None
    depth = _data_depth(data)
    if depth > MAX_DEPTH:
        raise TomlInputError(f"{source}: keys nested {depth} deep; at most {MAX_DEPTH} allowed")
    return data


def _data_depth(data: object) -> int:
    """Nesting depth of parsed TOML (iterative: dotted keys nest without brackets)."""
    deepest, stack = 0, [(data, 0)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return deepest


# --------------------------------------------------------------------------------------------------
# a TOML tokenizer, just enough to find the line of every key (the text has already parsed)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # "nl", "[", "]", "{", "}", "=", ",", "str", "bare", "eof"
    text: str
    line: int


_PUNCT = frozenset("[]{}=,")
_BARE_END = frozenset(" \t\r\n[]{}=,#\"'")


def _string_end(text: str, i: int) -> int:
    """Index just past the string starting at ``text[i]`` (a quote); the end of text if unterminated."""
    quote = text[i]
    if text.startswith(quote * 3, i):
        j = i + 3
        while j < len(text):
            if quote == '"' and text[j] == "\\":
                j += 2
                continue
            if text.startswith(quote * 3, j):
                j += 3
                extra = 0
                while j < len(text) and text[j] == quote and extra < 2:  # '''a''''' ends in two quotes
                    j += 1
                    extra += 1
                return j
            j += 1
        return len(text)
    j = i + 1
    while j < len(text) and text[j] != "\n":
        if quote == '"' and text[j] == "\\":
            j += 2
            continue
        if text[j] == quote:
            return j + 1
        j += 1
    return j


def _tokens(text: str) -> Iterator[_Token]:
    i, line, n = 0, 1, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            yield _Token("nl", c, line)
            line += 1
            i += 1
        elif c in " \t\r":
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c in _PUNCT:
            yield _Token(c, c, line)
            i += 1
        elif c in "\"'":
            end = _string_end(text, i)
            yield _Token("str", text[i:end], line)
            line += text.count("\n", i, end)
            i = end
        else:
            end = i
            while end < n and text[end] not in _BARE_END:
                end += 1
            yield _Token("bare", text[i:end], line)
            i = end
    yield _Token("eof", "", line)


def _bracket_depth(text: str) -> int:
    depth = deepest = 0
    for token in _tokens(text):
        if token.kind in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token.kind in ("]", "}"):
            depth = max(0, depth - 1)
    return deepest


def _key_part(token: _Token) -> list[str]:
    if token.kind == "bare":
        return [p for p in token.text.split(".") if p]
    try:  # a quoted key: let tomllib decode its escapes
        return [str(tomllib.loads(f"k = {token.text}")["k"])]
    except tomllib.TOMLDecodeError:
        return [token.text.strip("\"'")]


class _Locator:
    """Walks the tokens of valid TOML, recording the line of each key path and array item."""

    def __init__(self, text: str) -> None:
        self.tokens = list(_tokens(text))
        self.pos = 0
        self.lines: dict[KeyPath, int] = {}

    def peek(self) -> _Token:
        return self.tokens[min(self.pos, len(self.tokens) - 1)]

    def next(self) -> _Token:
        token = self.peek()
        self.pos += 1
        return token

    def skip_newlines(self) -> None:
        while self.peek().kind == "nl":
            self.pos += 1

    def record(self, path: KeyPath, line: int) -> None:
        for k in range(1, len(path) + 1):  # dotted keys define their parents on the same line
            self.lines.setdefault(path[:k], line)

    def key(self, until: str) -> list[str]:
        parts: list[str] = []
        while self.peek().kind not in (until, "nl", "eof"):
            token = self.next()
            if token.kind in ("bare", "str"):
                parts += _key_part(token)
        if self.peek().kind == until:
            self.next()
        return parts

    def run(self) -> dict[KeyPath, int]:
        table: KeyPath = ()
        arrays: dict[KeyPath, int] = {}
        while self.peek().kind != "eof":
            token = self.peek()
            if token.kind == "nl":
                self.next()
            elif token.kind == "[":
                self.next()
                is_array = self.peek().kind == "["
                if is_array:
                    self.next()
                path: KeyPath = tuple(self.key("]"))
                if is_array and self.peek().kind == "]":
                    self.next()
                if is_array:
                    arrays[path] = arrays.get(path, -1) + 1
                    self.record(path, token.line)
                    path = (*path, arrays[path])
                self.record(path, token.line)
                table = path
            else:
                path = (*table, *self.key("="))
                self.record(path, token.line)
                self.value(path)
        return self.lines

    def value(self, path: KeyPath) -> None:
        token = self.peek()
        if token.kind == "[":
            self.next()
            index = 0
            while True:
                self.skip_newlines()
                if self.peek().kind in ("]", "eof"):
                    self.next()
                    return
                self.record((*path, index), self.peek().line)
                self.value((*path, index))
                self.skip_newlines()
                if self.peek().kind == ",":
                    self.next()
                    index += 1
        elif token.kind == "{":
            self.next()
            while True:
                self.skip_newlines()
                if self.peek().kind in ("}", "eof"):
                    self.next()
                    return
                line = self.peek().line
                inner = (*path, *self.key("="))
                self.record(inner, line)
                self.value(inner)
                self.skip_newlines()
                if self.peek().kind == ",":
                    self.next()
        else:
            while self.peek().kind in ("bare", "str"):  # a scalar (a date-time may be two tokens)
                self.next()


def key_lines(text: str) -> dict[KeyPath, int]:
    """Line (1-based) of every key path and array item in valid TOML ``text``.

    ``[sale]`` then ``pace_months = 6`` gives ``("sale",)`` and ``("sale", "pace_months")``; dotted and
    quoted keys, inline tables and arrays (items by index) are followed.
    """
    return _Locator(text).run()


def locate(lines: Mapping[KeyPath, int], path: KeyPath) -> int | None:
    """The line of ``path``, else of its nearest enclosing table or key (a missing field's table)."""
    for k in range(len(path), 0, -1):
        if path[:k] in lines:
            return lines[path[:k]]
    return None


# --------------------------------------------------------------------------------------------------
# pydantic errors → located field errors
# --------------------------------------------------------------------------------------------------


def dotted(path: KeyPath) -> str:
    """``sale.amount_usd_bn``, ``fed.policy_change_bp.0``."""
    return ".".join(str(p) for p in path) or "(top level)"


def indexed(path: KeyPath) -> str:
    """``axes.pace_months[1]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(top level)"


def show(value: object) -> str:
    """A short, safe rendering of an offending input (no 5,000-digit integers, no long strings)."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        digits = len(str(abs(value))) if abs(value) < 10**60 else None
        return repr(value) if digits is not None and digits <= 20 else "an integer of more than 20 digits"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    return ""


def _data_path(loc: tuple[int | str, ...], data: object, error_type: str) -> KeyPath:
    """The error's location as keys of the input: pydantic's union tags and ``[key]`` markers dropped,
    a missing field's name kept."""
    path: list[PathPart] = []
    current: object = data
    for i, part in enumerate(loc):
        in_dict = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_dict or in_list:
            path.append(part)
            current = current[part]  # type: ignore[index]
        elif i == len(loc) - 1 and error_type == "missing" and isinstance(part, str):
            path.append(part)
    return tuple(path)


_MESSAGES: dict[str, str] = {
    "missing": "required",
    "extra_forbidden": "unknown field",
    "finite_number": "must be a finite number",
    "bool_type": "must be true or false",
}


def field_errors(
    exc: ValidationError,
    data: object,
    lines: Mapping[KeyPath, int],
    style: Callable[[KeyPath], str] = dotted,
) -> list[FieldError]:
    """Every error of ``exc`` (raised validating ``data``) as a :class:`FieldError` located by ``lines``,
    in file order; duplicates (one field failing several branches of a union) are listed once."""
    out: list[FieldError] = []
    for err in exc.errors():
        path = _data_path(tuple(err["loc"]), data, err["type"])
        message = _MESSAGES.get(err["type"]) or str(err["msg"]).removeprefix("Value error, ")
        message = message.replace("Input should be", "must be", 1)
        if err["type"] not in ("missing", "extra_forbidden"):
            shown = show(err.get("input"))
            message += f", got {shown}" if shown else ""
        error = FieldError(style(path), message, locate(lines, path))
        if error not in out:
            out.append(error)
    return sorted(out, key=by_line)


def by_line(error: FieldError) -> tuple[bool, int]:
    """Sort key: errors in file order, those without a line (missing fields) last."""
    return (error.line is None, error.line or 0)


def join(errors: list[FieldError]) -> str:
    """Errors on one line: ``a: … (line 3)`` or ``2 errors: a: … (line 3); b: … (line 5)``."""
    if len(errors) == 1:
        return str(errors[0])
    return f"{len(errors)} errors: " + "; ".join(str(e) for e in errors)
