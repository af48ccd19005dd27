"""Question banks: load and validate TOML bank files, find banks and questions.

Banks come from three places: the ones shipped with the app (``question_banks/``), the
user's bank folder (``Settings.user_banks_dir()``, by default ``<data home>/banks``) and
any path given explicitly. A user bank with the same id as a shipped one replaces it
(the user's copy is the one they edited), and discovery reports a note saying so.

Every problem in a file is reported as ``FILE:LINE: message``; nothing here lets a
traceback reach the user for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core import paths
from desktop_app.core.banks.errors import BankError, BankProblem
from desktop_app.core.banks.model import Bank, Question
from desktop_app.core.banks.sourcemap import SourceMap
from desktop_app.core.banks.toml_reader import parse_bank_toml, read_bank_text
from desktop_app.core.banks.validate import check_document
from desktop_app.core.banks.wording import did_you_mean
from desktop_app.core.errors import UserError

if TYPE_CHECKING:
    from desktop_app.core.settings import Settings

__all__ = [
    "DEFAULT_BANK_ID",
    "BankError",
    "BankProblem",
    "bank_origin",
    "discover_banks",
    "find_bank",
    "find_question",
    "list_banks",
    "load_bank",
    "validate_bank_file",
]

DEFAULT_BANK_ID = "ai-lab-data-pm"


@dataclass(frozen=True)
class _Loaded:
    bank: Bank | None
    problems: list[BankProblem]
    raw_id: str | None  # the file's id when it could be read, even if the bank is broken
    id_line: int


def _label(path: Path) -> str:
    return str(path)


def _load(path: Path) -> _Loaded:
    label = _label(path)
    text, problems = read_bank_text(path, label)
    if text is None:
        return _Loaded(None, problems, None, 1)
    doc, problems = parse_bank_toml(text, label)
    if doc is None:
        return _Loaded(None, problems, None, 1)
    source = SourceMap.from_text(text)
    bank, problems = check_document(doc, source, label, path)
    raw_id = doc.get("id") if isinstance(doc.get("id"), str) else None
    return _Loaded(bank, problems, raw_id, source.line_of(("id",)))


def validate_bank_file(path: Path | str) -> list[BankProblem]:
    """Every problem in the bank file at ``path`` (an empty list: the bank is valid)."""
    return _load(Path(path)).problems


def load_bank(path: Path | str) -> Bank:
    """The bank in ``path``; BankError (a UserError) listing every problem otherwise."""
    path = Path(path)
    loaded = _load(path)
    if loaded.bank is None:
        raise BankError(_label(path), loaded.problems)
    return loaded.bank


def _settings(settings: Settings | None) -> Settings:
    if settings is not None:
        return settings
    from desktop_app.core.settings import load_settings

    return load_settings()


def _bank_files(folder: Path) -> list[Path]:
    """The *.toml files directly in ``folder`` (not hidden, not editor lock files)."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:  # missing or unreadable folder: no banks from there
        return []
    return [p for p in entries if p.suffix == ".toml" and not p.name.startswith((".", "#"))]


def _discover(settings: Settings) -> tuple[list[Bank], list[BankProblem], list[_Loaded]]:
    banks: dict[str, Bank] = {}
    problems: list[BankProblem] = []
    broken: list[_Loaded] = []
    shipped_dir = paths.shipped_banks_dir()
    user_dir = settings.user_banks_dir()
    for folder, is_user in ((shipped_dir, False), (user_dir, True)):
        seen_here: dict[str, Path] = {}
        for file in _bank_files(folder):
            loaded = _load(file)
            problems.extend(loaded.problems)
            bank = loaded.bank
            if bank is None:
                broken.append(loaded)
                continue
            label = _label(file)
            if bank.id in seen_here:
                problems.append(BankProblem(
                    label, loaded.id_line,
                    f"bank id '{bank.id}' is already used by {seen_here[bank.id]}; "
                    "this file is ignored (give it another id)",
                ))
                continue
            seen_here[bank.id] = file
            if is_user and bank.id in banks:
                problems.append(BankProblem(
                    label, loaded.id_line,
                    f"bank '{bank.id}' replaces the shipped bank of the same id "
                    f"({banks[bank.id].source})",
                    severity="note",
                ))
            banks[bank.id] = bank
    ordered = sorted(banks.values(), key=lambda b: (b.id != DEFAULT_BANK_ID, b.id))
    return ordered, problems, broken


def discover_banks(settings: Settings | None = None) -> tuple[list[Bank], list[BankProblem]]:
    """All usable banks (default bank first, then by id) and the problems of the others.

    Problems include notes (``severity == "note"``), e.g. when a user bank replaces a
    shipped one; files with errors are skipped.
    """
    banks, problems, _ = _discover(_settings(settings))
    return banks, problems


def list_banks(settings: Settings | None = None) -> list[Bank]:
    """All usable banks: shipped plus the user's folder (broken files skipped)."""
    return discover_banks(settings)[0]


def bank_origin(bank: Bank, settings: Settings | None = None) -> str:
    """'shipped', 'user' or 'file' for where ``bank`` was loaded from."""
    if bank.source is None:
        return "file"
    folder = bank.source.resolve().parent
    if folder == paths.shipped_banks_dir().resolve():
        return "shipped"
    if folder == _settings(settings).user_banks_dir().resolve():
        return "user"
    return "file"


def _looks_like_path(value: str) -> bool:
    return value.endswith(".toml") or "/" in value or "\\" in value or Path(value).is_file()


def find_bank(id_or_path: str, settings: Settings | None = None) -> Bank:
    """A bank by id (shipped or user) or by file path; UserError when there is none."""
    if _looks_like_path(id_or_path):
        path = Path(id_or_path).expanduser()
        if not path.exists():
            raise UserError(f"There is no question bank file at {id_or_path}; check the path.")
        return load_bank(path)
    settings = _settings(settings)
    banks, _, broken = _discover(settings)
    for bank in banks:
        if bank.id == id_or_path:
            return bank
    for loaded in broken:
        if loaded.raw_id == id_or_path or (
            loaded.problems and Path(loaded.problems[0].file).stem == id_or_path
        ):
            raise BankError(loaded.problems[0].file, loaded.problems)
    known = ", ".join(b.id for b in banks) or "none"
    hint = _hint(id_or_path, [b.id for b in banks])
    raise UserError(
        f"There is no question bank with id '{id_or_path}'{hint}; known banks: {known} "
        "— give one of these ids or the path of a .toml file."
    )


def _hint(word: str, choices: list[str]) -> str:
    """' (did you mean 'x'?)' for a near-miss, else ''."""
    text = did_you_mean(word, choices)
    return f" ({text.removeprefix(' — ')})" if text else ""


def find_question(
    question_id: str, settings: Settings | None = None, bank: str | None = None
) -> tuple[Bank, Question]:
    """The question with ``question_id``, in ``bank`` (id or path) or in any known bank."""
    if bank is not None:
        candidates = [find_bank(bank, settings)]
    else:
        candidates = list_banks(settings)
    hits = [(b, q) for b in candidates for q in b.all_questions() if q.id == question_id]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        names = ", ".join(b.id for b, _ in hits)
        raise UserError(
            f"The question id '{question_id}' is in several banks ({names}); "
            "choose one with --bank."
        )
    all_ids = [q.id for b in candidates for q in b.all_questions()]
    hint = _hint(question_id, all_ids)
    where = f"the bank '{candidates[0].id}'" if bank is not None else "any question bank"
    raise UserError(
        f"There is no question '{question_id}' in {where}{hint}; "
        "'stagecoach banks show BANK' lists the question ids."
    )
