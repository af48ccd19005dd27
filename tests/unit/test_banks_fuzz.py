"""Property-based fuzzing: whatever the file holds, loading gives a Bank or a clear BankError.

Never another exception, never an unlocated problem, never a problem outside the file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core import paths
from desktop_app.core.banks.library import BankError, load_bank, validate_bank_file
from desktop_app.core.banks.model import Bank
from desktop_app.core.banks.sourcemap import SourceMap
from tests.support.banks import VALID_BANK

DEFAULT_BANK_TEXT = (paths.shipped_banks_dir() / "ai-lab-data-pm.toml").read_text("utf-8")
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _check(data: bytes) -> Bank | None:
    """Load ``data`` as a bank file; assert the outcome is one of the two allowed ones."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzzed.toml"
        path.write_bytes(data)
        line_count = data.count(b"\n") + 1
        problems = validate_bank_file(path)
        for problem in problems:
            assert problem.file == str(path)
            assert 1 <= problem.line <= line_count, (problem, line_count)
            assert problem.message and "\n" not in problem.message
            assert "Traceback" not in problem.message
        try:
            bank = load_bank(path)
        except BankError as exc:
            assert exc.problems, "a BankError always says what is wrong"
            assert [str(p) for p in exc.problems] == [
                str(p) for p in problems if p.severity == "error"]
            assert str(exc).startswith(f"The question bank {path} cannot be used: {path}:")
            return None
        assert not [p for p in problems if p.severity == "error"]
        assert isinstance(bank, Bank) and bank.stages
        for q in bank.all_questions():
            assert set(q.expects) <= set(bank.concepts)
            assert 0 < q.timing.green_s < q.timing.yellow_s < q.timing.red_s
        return bank


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    _check(data)


@FUZZ
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=1500))
def test_random_text(text: str) -> None:
    _check(text.encode("utf-8"))


# Fragments that look like bank syntax, so random text reaches the schema checks.
TOKENS = [
    "id", "title", "prompt", "expects", "follow_ups", "green_s", "yellow_s", "red_s",
    "prep_s", "label", "terms", "advice", "explain", "[[stages]]", "[[stages.questions]]",
    "[concepts.a]", "[red_flags.b]", "[concepts]", " = ", '"x"', "'y'", '"""', "'''", "1",
    "-3", "2.5", "inf", "nan", "true", "[", "]", "{", "}", ",", ".", "#", "\n", " ",
    '["a", "b"]', "[1, 2]", "1979-05-27", "\\", "\t", "\r\n", "é", "\x00",
]


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=120))
def test_bank_shaped_noise(tokens: list[str]) -> None:
    _check("".join(tokens).encode("utf-8"))


def _mutations(text: str) -> st.SearchStrategy[str]:
    lines = text.split("\n")
    n = len(lines)
    values = st.sampled_from([
        '""', '"   "', "0", "-1", "1e9", "inf", "nan", "true", "[]", "{}", "[1, 2]",
        '["provenance", "nope"]', '"Provenance"', "3.5", '"x" # c', "1979-05-27T07:32:00Z",
        '"""multi\nline"""', "[[", '"unterminated', "'lit'",
    ])

    @st.composite
    def mutate(draw: st.DrawFn) -> str:
        out = list(lines)
        for _ in range(draw(st.integers(1, 4))):
            i = draw(st.integers(0, max(0, len(out) - 1)))
            kind = draw(st.sampled_from(["delete", "duplicate", "value", "swap", "truncate",
                                         "key"]))
            if not out:
                break
            if kind == "delete":
                del out[i]
            elif kind == "duplicate":
                out.insert(i, out[i])
            elif kind == "value" and "=" in out[i]:
                out[i] = out[i].split("=", 1)[0] + "= " + draw(values)
            elif kind == "swap":
                j = draw(st.integers(0, len(out) - 1))
                out[i], out[j] = out[j], out[i]
            elif kind == "truncate":
                out[i] = out[i][: draw(st.integers(0, max(0, len(out[i]))))]
            elif kind == "key" and "=" in out[i]:
                key = draw(st.sampled_from(["expect", "prompt", "id", "green_s", "red_s",
                                            "terms", "label", "stages", "questions"]))
                out[i] = key + " =" + out[i].split("=", 1)[1]
        return "\n".join(out)

    del n
    return mutate()


@FUZZ
@given(_mutations(VALID_BANK))
def test_mutated_small_bank(text: str) -> None:
    _check(text.encode("utf-8"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations(DEFAULT_BANK_TEXT))
def test_mutated_default_bank(text: str) -> None:
    _check(text.encode("utf-8"))


@FUZZ
@given(st.text(max_size=800))
def test_source_map_never_fails(text: str) -> None:
    source = SourceMap.from_text(text)
    assert source.line_of(("stages", 0, "questions", 0, "id")) >= 1


def test_unmutated_banks_load() -> None:
    assert _check(VALID_BANK.encode()) is not None
    assert _check(DEFAULT_BANK_TEXT.encode()) is not None
