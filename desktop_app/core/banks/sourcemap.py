"""Where each key of a TOML document was written: the line numbers behind schema errors.

tomllib gives values without positions, so this scanner walks the same text a second
time and records, for every key path, the line it appears on. Paths use the parsed
document's shape: table keys are strings, array positions are ints, so
``("stages", 1, "questions", 0, "expects", 2)`` is the third expected concept of the
first question of the second stage.

It runs only on text that tomllib already accepted, so it can be lenient; it must
still never raise or loop on anything (a partial map just means coarser locations).
"""

from __future__ import annotations

import bisect

KeyPath = tuple[str | int, ...]

_BARE_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class SourceMap:
    """Line numbers (1-based) of the keys, tables and array items of one document."""

    def __init__(self, lines: dict[KeyPath, int]) -> None:
        self._lines = lines

    @classmethod
    def from_text(cls, text: str) -> SourceMap:
        scanner = _Scanner(text)
        try:
            scanner.run()
        except (IndexError, ValueError, RecursionError):  # lenient by design: keep what we have
            pass
        return cls(scanner.lines)

    def line_of(self, path: KeyPath) -> int:
        """The line of ``path``, or of its nearest recorded ancestor, or 1."""
        path = tuple(path)
        while path:
            line = self._lines.get(path)
            if line is not None:
                return line
            path = path[:-1]
        return 1

    def has(self, path: KeyPath) -> bool:
        return tuple(path) in self._lines


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.lines: dict[KeyPath, int] = {}
        self._newlines = [i for i, ch in enumerate(text) if ch == "\n"]
        # Array-of-tables paths (with the indices of their parents) -> index of the last
        # [[header]] seen for it, so [[stages.questions]] lands under the current stage.
        self._aot_last: dict[KeyPath, int] = {}

    # -- positions -------------------------------------------------------------------
    def line_at(self, pos: int) -> int:
        return bisect.bisect_left(self._newlines, pos) + 1

    def peek(self, offset: int = 0) -> str:
        i = self.pos + offset
        return self.text[i] if i < len(self.text) else ""

    def record(self, path: KeyPath, pos: int) -> None:
        self.lines.setdefault(path, self.line_at(pos))

    # -- top level -------------------------------------------------------------------
    def run(self) -> None:
        table: KeyPath = ()
        n = len(self.text)
        while self.pos < n:
            start = self.pos
            self.skip_blank_and_comments()
            if self.pos >= n:
                break
            ch = self.peek()
            if ch == "[":
                table = self.header()
            else:
                self.key_value(table)
            self.skip_to_line_end()
            if self.pos == start:  # never spin on something unexpected
                self.pos += 1

    def header(self) -> KeyPath:
        header_pos = self.pos
        is_array = self.peek(1) == "["
        self.pos += 2 if is_array else 1
        parts = self.key()
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end
        path = self.resolve(parts, header_pos)
        if is_array:
            index = self._aot_last.get(path, -1) + 1
            self._aot_last[path] = index
            # Later siblings reset: a new stage starts its questions at 0 again.
            for key in [k for k in self._aot_last if len(k) > len(path) and k[: len(path)] == path]:
                del self._aot_last[key]
            self.record(path, header_pos)
            path = (*path, index)
        self.record(path, header_pos)
        return path

    def resolve(self, parts: list[str], pos: int) -> KeyPath:
        """Map header key parts to a path, stepping into the last item of each array."""
        path: KeyPath = ()
        for i, part in enumerate(parts):
            path = (*path, part)
            self.record(path, pos)
            if i < len(parts) - 1 and path in self._aot_last:
                path = (*path, self._aot_last[path])
        return path

    def key_value(self, table: KeyPath) -> None:
        key_pos = self.pos
        parts = self.key()
        path = table
        for part in parts:
            path = (*path, part)
            self.record(path, key_pos)
        self.skip_spaces()
        if self.peek() == "=":
            self.pos += 1
            self.skip_spaces()
            self.value(path)

    # -- pieces ----------------------------------------------------------------------
    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_spaces()
            ch = self.peek()
            if ch in ('"', "'"):
                parts.append(self.string())
            else:
                start = self.pos
                while self.peek() and self.peek() in _BARE_KEY_CHARS:
                    self.pos += 1
                if self.pos == start:
                    return parts
                parts.append(self.text[start : self.pos])
            self.skip_spaces()
            if self.peek() != ".":
                return parts
            self.pos += 1

    def value(self, path: KeyPath) -> None:
        ch = self.peek()
        if ch in ('"', "'"):
            self.string()
        elif ch == "[":
            self.array(path)
        elif ch == "{":
            self.inline_table(path)
        else:
            while self.peek() and self.peek() not in ",]}#\n":
                self.pos += 1

    def array(self, path: KeyPath) -> None:
        self.pos += 1  # [
        index = 0
        while self.pos < len(self.text):
            self.skip_blank_and_comments()
            if self.peek() == "]":
                self.pos += 1
                return
            if self.peek() == ",":
                self.pos += 1
                continue
            start = self.pos
            item = (*path, index)
            self.record(item, start)
            self.value(item)
            index += 1
            if self.pos == start:
                self.pos += 1

    def inline_table(self, path: KeyPath) -> None:
        self.pos += 1  # {
        while self.pos < len(self.text):
            self.skip_spaces()
            ch = self.peek()
            if ch == "}":
                self.pos += 1
                return
            if ch in ",\n":
                self.pos += 1
                continue
            start = self.pos
            self.key_value(path)
            if self.pos == start:
                self.pos += 1

    def string(self) -> str:
        quote = self.peek()
        triple = self.text.startswith(quote * 3, self.pos)
        if triple:
            end = self.text.find(quote * 3, self.pos + 3)
            end = len(self.text) if end < 0 else end + 3
            # A closing run may hold up to two extra quotes that belong to the content.
            while end < len(self.text) and self.text[end] == quote:
                end += 1
            raw = self.text[self.pos + 3 : end - 3]
            self.pos = end
            return raw
        i = self.pos + 1
        out: list[str] = []
        while i < len(self.text) and self.text[i] != quote and self.text[i] != "\n":
            if quote == '"' and self.text[i] == "\\":
                out.append(self.text[i : i + 2])
                i += 2
                continue
            out.append(self.text[i])
            i += 1
        self.pos = min(i + 1, len(self.text))
        return "".join(out)

    def skip_spaces(self) -> None:
        while self.peek() in (" ", "\t") and self.peek():
            self.pos += 1

    def skip_blank_and_comments(self) -> None:
        while self.pos < len(self.text):
            ch = self.peek()
            if ch in " \t\r\n":
                self.pos += 1
            elif ch == "#":
                self.skip_comment()
            else:
                return

    def skip_comment(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end

    def skip_to_line_end(self) -> None:
        """After a statement: only spaces and a comment may follow on its line."""
        self.skip_spaces()
        if self.peek() == "#":
            self.skip_comment()
