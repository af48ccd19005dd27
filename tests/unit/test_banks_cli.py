"""`stagecoach banks ...` through the installed entry point, as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.banks import LINE, VALID_BANK, replace_line, write_bank

ROOT = Path(__file__).resolve().parents[2]
STAGECOACH = ROOT / ".venv" / "bin" / "stagecoach"


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    exe = [str(STAGECOACH)] if STAGECOACH.exists() else [sys.executable, "-m", "desktop_app"]
    env = {**os.environ, "STAGECOACH_HOME": str(home)}
    return subprocess.run([*exe, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_shipped_banks_validate(stagecoach_home: Path) -> None:
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "question_banks").glob("*.toml"))
    result = _run("banks", "validate", *files, home=stagecoach_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "question_banks/ai-lab-data-pm.toml: ok — bank 'ai-lab-data-pm', 5 stages, "
        "45 questions, 37 concepts, 7 red flags",
        "question_banks/behavioural-star.toml: ok — bank 'behavioural-star', 3 stages, "
        "18 questions, 16 concepts, 4 red flags",
    ]
    assert result.stderr == ""


def test_broken_banks_exit_2_with_located_problems(stagecoach_home: Path,
                                                   tmp_path: Path) -> None:
    schema = write_bank(tmp_path, replace_line(
        VALID_BANK, LINE["q1_expects"], 'expects = ["provnance"]'), "schema.toml")
    syntax = write_bank(tmp_path, replace_line(VALID_BANK, LINE["title"], "title = "),
                        "syntax.toml")
    binary = write_bank(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00", "binary.toml")
    good = write_bank(tmp_path, VALID_BANK, "good.toml")
    result = _run("banks", "validate", str(schema), str(syntax), str(binary), str(good),
                  str(tmp_path / "missing.toml"), home=stagecoach_home)
    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        f"{schema}:{LINE['q1_expects']}: question 'cs-one' expects unknown concept "
        "'provnance' — did you mean 'provenance'?",
        f"{syntax}:{LINE['title']}: TOML syntax error (column 9): invalid value — text "
        "values need \"quotes\", lists [brackets]",
        f"{binary}:3: this is binary data, not a TOML text file (a NUL byte is on this line)",
        f"{good}: ok — bank 'test-bank', 2 stages, 3 questions, 2 concepts, 1 red flag",
        f"{tmp_path / 'missing.toml'}:1: file not found",
    ]
    assert result.stderr == "4 of 5 bank files have problems.\n"
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_a_folder(stagecoach_home: Path) -> None:
    result = _run("banks", "validate", "question_banks", home=stagecoach_home)
    assert result.returncode == 0 and result.stdout.count(": ok — bank") == 2


def test_list_shows_banks_and_broken_user_banks(stagecoach_home: Path) -> None:
    folder = stagecoach_home / "banks"
    folder.mkdir(parents=True)
    write_bank(folder, VALID_BANK, "mine.toml")
    broken = write_bank(folder, "id = [\n", "broken.toml")
    result = _run("banks", "list", home=stagecoach_home)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "STAGES", "QUESTIONS", "SOURCE"]
    assert lines[1].split()[0] == "ai-lab-data-pm" and lines[1].split()[-3:] == [
        "5", "45", "shipped"]
    assert lines[2].split()[0] == "behavioural-star"
    assert lines[3].split() == ["test-bank", "Test", "bank", "2", "3", "user"]
    assert f"  {broken}:1: TOML syntax error" in result.stdout
    assert f"Your bank folder: {folder}" in result.stdout


def test_show_and_unknown_bank(stagecoach_home: Path) -> None:
    shown = _run("banks", "show", "behavioural-star", home=stagecoach_home)
    assert shown.returncode == 0
    assert "  star-failure  Tell me about a time you failed." in shown.stdout
    unknown = _run("banks", "show", "nope", home=stagecoach_home)
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("There is no question bank with id 'nope'")
    assert "Traceback" not in unknown.stderr


DEEP_BANK = 'id = "deep"\n' + "x = " + "[" * 500 + "]" * 500 + "\n"  # 1 KB


def test_a_too_deeply_nested_bank_is_located(stagecoach_home: Path, tmp_path: Path) -> None:
    deep = write_bank(tmp_path, DEEP_BANK, "deep.toml")
    result = _run("banks", "validate", str(deep), home=stagecoach_home)
    assert result.returncode == 2, result.stderr
    assert result.stdout.splitlines() == [
        f"{deep}:2: lists [ ] and inline tables {{ }} are nested more than 20 levels deep "
        "here; no question bank needs that many (close the brackets left open)"]
    assert result.stderr == "1 of 1 bank file has problems.\n"


def test_a_broken_user_bank_does_not_stop_list_or_analyze(stagecoach_home: Path,
                                                          tmp_path: Path) -> None:
    import json

    from tests.support.analysis import transcript_of

    folder = stagecoach_home / "banks"
    folder.mkdir(parents=True)
    deep = write_bank(folder, DEEP_BANK, "deep.toml")
    listed = _run("banks", "list", home=stagecoach_home)
    assert listed.returncode == 0, listed.stderr
    assert f"  {deep}:2: lists [ ] and inline tables" in listed.stdout
    assert listed.stdout.splitlines()[1].split()[0] == "ai-lab-data-pm"
    transcript = tmp_path / "t.json"
    transcript.write_text(json.dumps(transcript_of("I failed and I learned.").to_dict()))
    analysed = _run("analyze", "--transcript", str(transcript), "--question", "star-failure",
                    "--bank", "behavioural-star", home=stagecoach_home)
    assert analysed.returncode == 0, analysed.stderr
    assert json.loads(analysed.stdout)["question"]["id"] == "star-failure"
