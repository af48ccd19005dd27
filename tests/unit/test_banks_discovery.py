"""Finding banks: shipped, the user's bank folder, explicit paths; questions by id."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.banks.library import (
    BankError,
    bank_origin,
    discover_banks,
    find_bank,
    find_question,
    list_banks,
)
from desktop_app.core.errors import UserError
from desktop_app.core.settings import Settings
from tests.support.banks import LINE, VALID_BANK, write_bank


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    s = Settings()
    s.bank_dir = str(tmp_path / "user-banks")
    return s


def _user_dir(settings: Settings) -> Path:
    folder = settings.user_banks_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_shipped_banks_are_listed_default_first(settings: Settings) -> None:
    banks, problems = discover_banks(settings)
    assert [b.id for b in banks] == ["ai-lab-data-pm", "behavioural-star"]
    assert problems == []
    assert [bank_origin(b, settings) for b in banks] == ["shipped", "shipped"]
    assert list_banks(settings) == banks


def test_default_user_folder_is_in_the_data_home(stagecoach_home: Path) -> None:
    folder = stagecoach_home / "banks"
    folder.mkdir(parents=True)
    mine = write_bank(folder, VALID_BANK, "mine.toml")
    banks = list_banks()  # settings come from the data home
    assert [b.id for b in banks][-1] == "test-bank" and banks[-1].source == mine


def test_user_bank_is_added_and_broken_one_reported(settings: Settings) -> None:
    folder = _user_dir(settings)
    write_bank(folder, VALID_BANK, "mine.toml")
    broken = write_bank(folder, VALID_BANK.replace('title = "Test bank"', "title = 3"), "b.toml")
    write_bank(folder, "not a bank", "notes.txt")  # not .toml: ignored
    banks, problems = discover_banks(settings)
    assert [b.id for b in banks] == ["ai-lab-data-pm", "behavioural-star", "test-bank"]
    assert bank_origin(banks[2], settings) == "user"
    assert [str(p) for p in problems] == [
        f"{broken}:{LINE['title']}: bank: 'title' must be a string, not an integer"]


def test_user_bank_with_a_shipped_id_replaces_it_with_a_note(settings: Settings) -> None:
    folder = _user_dir(settings)
    text = VALID_BANK.replace('id = "test-bank"', 'id = "behavioural-star"')
    mine = write_bank(folder, text.replace("Test bank", "My STAR"), "star.toml")
    banks, problems = discover_banks(settings)
    star = next(b for b in banks if b.id == "behavioural-star")
    assert star.title == "My STAR" and star.source == mine
    assert len(banks) == 2
    assert len(problems) == 1 and problems[0].severity == "note"
    assert str(problems[0]).startswith(
        f"{mine}:1: note: bank 'behavioural-star' replaces the shipped bank of the same id (")
    assert find_bank("behavioural-star", settings).source == mine


def test_two_user_files_with_one_id_keep_the_first(settings: Settings) -> None:
    folder = _user_dir(settings)
    first = write_bank(folder, VALID_BANK, "a.toml")
    second = write_bank(folder, VALID_BANK, "b.toml")
    banks, problems = discover_banks(settings)
    assert next(b for b in banks if b.id == "test-bank").source == first
    assert [str(p) for p in problems] == [
        f"{second}:1: bank id 'test-bank' is already used by {first}; this file is ignored "
        "(give it another id)"]


def test_find_bank_by_id_path_and_errors(settings: Settings, tmp_path: Path) -> None:
    assert find_bank("ai-lab-data-pm", settings).title.startswith("Data Product Manager")
    path = write_bank(tmp_path, VALID_BANK, "elsewhere.toml")
    assert find_bank(str(path), settings).id == "test-bank"
    with pytest.raises(UserError) as unknown:
        find_bank("ai-lab-data", settings)
    assert str(unknown.value) == (
        "There is no question bank with id 'ai-lab-data' (did you mean 'ai-lab-data-pm'?); "
        "known banks: ai-lab-data-pm, behavioural-star — give one of these ids or the path "
        "of a .toml file.")
    with pytest.raises(UserError, match="There is no question bank file at"):
        find_bank(str(tmp_path / "missing.toml"), settings)
    broken = write_bank(tmp_path, "id = 1\n", "broken.toml")
    with pytest.raises(BankError) as bad:
        find_bank(str(broken), settings)
    assert bad.value.problems[0].line == 1


def test_find_bank_by_id_of_a_broken_user_bank_explains_why(settings: Settings) -> None:
    write_bank(_user_dir(settings), VALID_BANK.replace('prompt = "Why us?"', ""), "mine.toml")
    with pytest.raises(BankError) as caught:
        find_bank("test-bank", settings)
    assert "question 'sc-one': missing required key 'prompt'" in str(caught.value)


def test_find_question(settings: Settings) -> None:
    bank, question = find_question("cs-helpful-vs-harmful", settings)
    assert bank.id == "ai-lab-data-pm" and question.stage_id == "case-study"
    bank, question = find_question("star-failure", settings, "behavioural-star")
    assert question.id == "star-failure"
    with pytest.raises(UserError) as caught:
        find_question("cs-helpful-vs-harmfull", settings)
    assert str(caught.value) == (
        "There is no question 'cs-helpful-vs-harmfull' in any question bank (did you mean "
        "'cs-helpful-vs-harmful'?); 'stagecoach banks show BANK' lists the question ids.")
    with pytest.raises(UserError, match="in the bank 'behavioural-star'"):
        find_question("cs-helpful-vs-harmful", settings, "behavioural-star")


def test_find_question_in_two_banks_asks_for_one(settings: Settings) -> None:
    text = VALID_BANK.replace('id = "cs-one"', 'id = "star-failure"')
    write_bank(_user_dir(settings), text, "mine.toml")
    with pytest.raises(UserError) as caught:
        find_question("star-failure", settings)
    assert str(caught.value) == ("The question id 'star-failure' is in several banks "
                                 "(behavioural-star, test-bank); choose one with --bank.")
    assert find_question("star-failure", settings, "test-bank")[0].id == "test-bank"
