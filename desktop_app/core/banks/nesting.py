"""How deeply a bank's arrays and inline tables nest, found before tomllib sees the text.

tomllib parses nested arrays and inline tables by recursion: a line of 500 ``[`` is a 1 KB
file that exhausts Python's stack (RecursionError), and a bank in the user's folder is read
on every start. A bank needs three levels at most (a list of terms inside a table inside
an array of tables), so anything past MAX_NESTING is refused, with its line, by this flat
scan, which never recurses and skips strings and comments as TOML does.
"""

from __future__ import annotations

MAX_NESTING = 20

_OPENERS = frozenset("[{")
_CLOSERS = frozenset("]}")


def first_too_deep_line(text: str, limit: int = MAX_NESTING) -> int | None:
    """The 1-based line of the first ``[`` or ``{`` nested deeper than ``limit``, or None.

    Table headers (``[a]``, ``[[a]]``) count like arrays while they are open; they close on
    their own line, so they never add up. Text that is not valid TOML is scanned all the
    same (a stray closer cannot make the depth negative): the scan only has to be sure that
    whatever tomllib will recurse into is no deeper than ``limit``.
    """
    depth = 0
    line = 1
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch == '"' or ch == "'":
            end = _string_end(text, i)
            line += text.count("\n", i, end)
            i = end
            continue
        elif ch in _OPENERS:
            depth += 1
            if depth > limit:
                return line
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        i += 1
    return None


def _string_end(text: str, start: int) -> int:
    """The index just past the string that opens at ``start`` (or the end of the text).

    Basic strings (``"``) have backslash escapes, literal strings (``'``) have none; the
    tripled forms may span lines, the single ones end at the line's end at the latest
    (where tomllib reports them as unterminated).
    """
    quote = text[start]
    if text.startswith(quote * 3, start):
        close = quote * 3
        i = start + 3
        while True:
            end = text.find(close, i)
            if end < 0:
                return len(text)
            if quote == '"' and _escaped(text, end):
                i = end + 1
                continue
            # A closing delimiter may be followed by up to two more quotes of the content.
            end += 3
            extra = 0
            while extra < 2 and end < len(text) and text[end] == quote:
                end += 1
                extra += 1
            return end
    i = start + 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            return i
        if ch == "\\" and quote == '"':
            i += 2
            continue
        if ch == quote:
            return i + 1
        i += 1
    return n


def _escaped(text: str, pos: int) -> bool:
    """True when the character at ``pos`` follows an odd number of backslashes."""
    count = 0
    i = pos - 1
    while i >= 0 and text[i] == "\\":
        count += 1
        i -= 1
    return count % 2 == 1
