"""Reading a bank file: bytes -> UTF-8 text -> TOML document, every failure located.

Nothing here raises for bad input: each step returns the problems it found, so the
caller can report all of them as ``FILE:LINE: message``.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from desktop_app.core.banks.errors import BankProblem
from desktop_app.core.banks.nesting import MAX_NESTING, first_too_deep_line

MAX_BANK_BYTES = 2 * 1024 * 1024  # banks are hand-written text; anything bigger is a mistake
MAX_SYNTAX_PROBLEMS = 20

_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")
_DECLARED_TWICE = re.compile(r"^Cannot declare \((.*)\) twice$")
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_KEY_AT_LINE_START = re.compile(rf"^\s*({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")
_KIND_OF_TABLE = {"concepts": "concept", "red_flags": "red flag"}


def read_bank_text(path: Path, label: str) -> tuple[str | None, list[BankProblem]]:
    """The file's text, or the problems that stop it being read as UTF-8 text."""
    try:
        data = _read_bounded(path)
    except _TooLarge as exc:
        return None, [_too_large(label, exc.size)]
    except _NotAFile:
        return None, [BankProblem(label, 1, "this is not a regular file, so it is not read as "
                                  "a bank; a bank is a .toml text file")]
    except FileNotFoundError:
        return None, [BankProblem(label, 1, "file not found")]
    except IsADirectoryError:
        return None, [BankProblem(label, 1, "this is a folder, not a bank file (.toml)")]
    except PermissionError:
        return None, [BankProblem(label, 1, "cannot read the file: permission denied")]
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return None, [BankProblem(label, 1, f"cannot read the file: {reason}")]
    return decode_bank_bytes(data, label)


class _TooLarge(Exception):
    """The file is past MAX_BANK_BYTES: refused before any of it is read."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class _NotAFile(Exception):
    """The path is a FIFO, a device or a socket: reading it could block or never end."""


def _read_bounded(path: Path) -> bytes:
    """At most MAX_BANK_BYTES + 1 bytes of ``path`` (enough to tell it is too large).

    The type is checked before opening, and the read is bounded, because a bank folder is
    read at every start: a named pipe there would hang it, /dev/zero would fill the memory.
    """
    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(path)
    if not stat.S_ISREG(info.st_mode):
        raise _NotAFile(path)
    if info.st_size > MAX_BANK_BYTES:
        raise _TooLarge(info.st_size)
    with path.open("rb") as fh:
        return fh.read(MAX_BANK_BYTES + 1)


def _too_large(label: str, size: int) -> BankProblem:
    return BankProblem(
        label,
        1,
        f"the file is {size / (1024 * 1024):.1f} MB, too large for a question bank "
        f"(at most {MAX_BANK_BYTES // (1024 * 1024)} MB of TOML text)",
    )


def decode_bank_bytes(data: bytes, label: str) -> tuple[str | None, list[BankProblem]]:
    if len(data) > MAX_BANK_BYTES:
        return None, [_too_large(label, len(data))]
    nul = data.find(b"\x00")
    if nul >= 0:
        return None, [
            BankProblem(
                label,
                _line_of_offset(data, nul),
                "this is binary data, not a TOML text file (a NUL byte is on this line)",
            )
        ]
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark, as some editors write
        data = data[3:]
    problems = _undecodable_bytes(data, label)
    if problems:
        return None, problems
    text = data.decode("utf-8")
    if not text.strip():
        return None, [
            BankProblem(
                label, 1, "the file is empty; a bank needs at least id, title and [[stages]]"
            )
        ]
    return text, []


def _undecodable_bytes(data: bytes, label: str) -> list[BankProblem]:
    """One problem per line that holds bytes which are not UTF-8 (up to a limit)."""
    problems: list[BankProblem] = []
    seen_lines: set[int] = set()
    pos = 0
    while pos <= len(data) and len(problems) < MAX_SYNTAX_PROBLEMS:
        try:
            data[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            bad = pos + exc.start
            line = _line_of_offset(data, bad)
            if line not in seen_lines:
                seen_lines.add(line)
                column = bad - (data.rfind(b"\n", 0, bad) + 1) + 1
                problems.append(
                    BankProblem(
                        label,
                        line,
                        f"the file is not UTF-8 text: byte 0x{data[bad]:02X} at column {column} "
                        "cannot be decoded; save the file with UTF-8 encoding",
                    )
                )
            pos = pos + max(exc.end, exc.start + 1)
    return problems


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def parse_bank_toml(text: str, label: str) -> tuple[dict[str, Any] | None, list[BankProblem]]:
    """The TOML document, or every syntax error we can find.

    tomllib stops at the first error. To report more than one, the offending line is
    blanked and the text parsed again, as long as that cannot change the document's
    structure (never for a [table] header or the end of the document) and the errors
    keep moving forward; otherwise one bad line would cascade into invented errors.

    Text nested deeper than MAX_NESTING is refused before tomllib sees it: tomllib
    recurses into nested values and would exhaust the stack.
    """
    deep = _too_deep(text, label)
    if deep is not None:
        return None, [deep]
    try:
        return tomllib.loads(text), []
    except tomllib.TOMLDecodeError as exc:
        first = _syntax_problem(exc, text, label)
    except RecursionError:  # the scan and tomllib disagree on some odd text: still located
        return None, [_nesting_problem(label, 1)]
    problems = [first]
    lines = text.split("\n")
    while len(problems) < MAX_SYNTAX_PROBLEMS:
        last = problems[-1].line
        if last > len(lines) or lines[last - 1].lstrip().startswith("[") or _at_end(problems[-1]):
            break
        lines[last - 1] = ""
        retry = "\n".join(lines)
        if first_too_deep_line(retry) is not None:  # a blanked closer can deepen what follows
            break
        try:
            tomllib.loads(retry)
            break
        except tomllib.TOMLDecodeError as exc:
            problem = _syntax_problem(exc, retry, label)
        except RecursionError:
            break
        if problem.line <= last:
            break
        problems.append(problem)
    return None, problems


def _too_deep(text: str, label: str) -> BankProblem | None:
    line = first_too_deep_line(text)
    return None if line is None else _nesting_problem(label, line)


def _nesting_problem(label: str, line: int) -> BankProblem:
    return BankProblem(
        label,
        line,
        f"lists [ ] and inline tables {{ }} are nested more than {MAX_NESTING} levels deep "
        "here; no question bank needs that many (close the brackets left open)",
    )


def _at_end(problem: BankProblem) -> bool:
    return "end of the file" in problem.message.split(":", 1)[0]


def _syntax_problem(exc: tomllib.TOMLDecodeError, text: str, label: str) -> BankProblem:
    message = str(exc)
    lines = text.split("\n")
    match = _AT_LINE.search(message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        reason = message[: match.start()]
        where = f" (column {column})"
    elif _AT_END.search(message):
        reason = _AT_END.sub("", message)
        line = _unclosed_start(text, reason)
        where = " (not closed before the end of the file)"
    else:
        line, reason, where = 1, message, ""
    explained = _explain_syntax(reason, lines, line)
    return BankProblem(label, line, f"TOML syntax error{where}: {explained}")


def _unclosed_start(text: str, reason: str) -> int:
    """For errors at the end of the file: the line where the unclosed thing began."""
    if reason.startswith("Unterminated string"):
        starts = [text.rfind('"""'), text.rfind("'''")]
        start = max(starts)
        if start >= 0:
            return text.count("\n", 0, start) + 1
    return max(1, len(text.rstrip("\n").split("\n")))


def _explain_syntax(reason: str, lines: list[str], line: int) -> str:
    """tomllib's wording, made specific where we can name the key or id involved."""
    twice = _DECLARED_TWICE.match(reason)
    if twice:
        parts = [p.strip().strip("'\"") for p in twice.group(1).split(",") if p.strip()]
        if len(parts) == 2 and parts[0] in _KIND_OF_TABLE:
            return (
                f"duplicate {_KIND_OF_TABLE[parts[0]]} id '{parts[1]}' "
                f"([{parts[0]}.{parts[1]}] is declared twice)"
            )
        return f"table [{'.'.join(parts)}] is declared twice"
    if reason == "Cannot overwrite a value" and 0 < line <= len(lines):
        key = _KEY_AT_LINE_START.match(lines[line - 1])
        if key:
            return f"key '{key.group(1).strip()}' is set twice in the same table"
    hint = _HINTS.get(reason, "")
    return f"{reason[:1].lower()}{reason[1:]}{hint}"


_HINTS = {
    "Invalid value": ' — text values need "quotes", lists [brackets]',
    "Illegal character '\\n'": " — a string is not closed before the end of the line",
    "Expected '=' after a key in a key/value pair": ' — write key = value, text in "quotes"',
}
