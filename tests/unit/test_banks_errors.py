"""Every kind of bank problem, with its exact FILE:LINE location and message."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.banks.library import BankError, BankProblem, load_bank, validate_bank_file
from desktop_app.core.errors import UserError
from tests.support.banks import LINE, VALID_BANK, problem_lines, replace_line, write_bank


def test_the_valid_bank_loads_with_every_field(tmp_path: Path) -> None:
    path = write_bank(tmp_path, VALID_BANK)
    assert validate_bank_file(path) == []
    bank = load_bank(path)
    assert bank.id == "test-bank" and bank.title == "Test bank"
    assert bank.description == "A bank for tests."
    assert bank.source == path
    assert bank.concepts["provenance"].terms == ("provenance", "lineage", "R L H F")
    assert bank.concepts["provenance"].explain == "Where data came from."
    assert bank.concepts["red_teaming"].explain == ""
    assert bank.red_flags["speed_over_safety"].advice == "Safety first."
    assert [s.id for s in bank.stages] == ["case-study", "screen"]
    stage = bank.stages[0]
    assert (stage.timing.prep_s, stage.timing.green_s, stage.timing.yellow_s,
            stage.timing.red_s) == (60, 240, 360, 480)
    assert bank.stages[1].timing.prep_s == 0  # prep_s is optional
    q1, q2 = stage.questions
    assert q1.expects == ("provenance", "red_teaming")
    assert q1.follow_ups == ("What would stop the launch?",)
    assert q1.stage_id == "case-study" and q1.timing == stage.timing
    # A per-question override changes only that key.
    assert q2.timing.green_s == 100 and q2.timing.yellow_s == 360 and q2.timing.prep_s == 60
    one = bank.question("sc-one")
    assert one is not None and one.follow_ups == ()


def _problems(tmp_path: Path, text: str) -> tuple[Path, list[str]]:
    path = write_bank(tmp_path, text)
    return path, problem_lines(path)


# (what is changed: line -> new text, expected problems as (line, message))
CASES: dict[str, tuple[dict[int, str], list[tuple[int, str]]]] = {
    "unknown key typo at question level": (
        {LINE["q1_expects"]: 'expect = ["provenance"]'},
        [(LINE["q1_expects"], "question 'cs-one': unknown key 'expect' — did you mean 'expects'?")],
    ),
    "unknown key with no close match lists the allowed keys": (
        {LINE["description"]: 'colour = "blue"'},
        [(LINE["description"], "bank: unknown key 'colour' (allowed: id, title, description, "
                               "concepts, red_flags, stages)")],
    ),
    "unknown concept id with a suggestion": (
        {LINE["q1_expects"]: 'expects = ["provnance", "red_teaming"]'},
        [(LINE["q1_expects"],
          "question 'cs-one' expects unknown concept 'provnance' — did you mean 'provenance'?")],
    ),
    "unknown concept in a multi-line array is located on its own line": (
        {LINE["q2_expects_1"]: '  "red_teeming",'},
        [(LINE["q2_expects_1"],
          "question 'cs-two' expects unknown concept 'red_teeming' — did you mean 'red_teaming'?")],
    ),
    "a red flag id in expects": (
        {LINE["q1_expects"]: 'expects = ["speed_over_safety"]'},
        [(LINE["q1_expects"], "question 'cs-one' expects unknown concept 'speed_over_safety' "
                              "(that is a red flag; 'expects' lists concepts)")],
    ),
    "the same concept twice in expects": (
        {LINE["q1_expects"]: 'expects = ["provenance", "provenance"]'},
        [(LINE["q1_expects"], "question 'cs-one' expects concept 'provenance' twice")],
    ),
    "missing prompt": (
        {LINE["q1_prompt"]: ""},
        [(LINE["q1"], "question 'cs-one': missing required key 'prompt'")],
    ),
    "empty prompt": (
        {LINE["q1_prompt"]: 'prompt = "   "'},
        [(LINE["q1_prompt"], "question 'cs-one': 'prompt' is empty")],
    ),
    "prompt of the wrong type": (
        {LINE["q1_prompt"]: "prompt = 42"},
        [(LINE["q1_prompt"], "question 'cs-one': 'prompt' must be a string, not an integer")],
    ),
    "duplicate question ids across stages": (
        {LINE["q3_id"]: 'id = "cs-one"'},
        [(LINE["q3_id"], f"duplicate question id 'cs-one' (first used on line {LINE['q1_id']}, "
                         "in stage 'case-study')")],
    ),
    "duplicate stage ids": (
        {LINE["stage2_id"]: 'id = "case-study"'},
        [(LINE["stage2_id"], f"duplicate stage id 'case-study' (first used on line "
                             f"{LINE['stage1_id']})")],
    ),
    "duplicate concept ids (a TOML-level duplicate table)": (
        {LINE["concept_red_teaming"]: "[concepts.provenance]"},
        [(LINE["concept_red_teaming"], "TOML syntax error (column 21): duplicate concept id "
                                       "'provenance' ([concepts.provenance] is declared twice)")],
    ),
    "duplicate red flag ids": (
        {LINE["concept_red_teaming"]: "[red_flags.speed_over_safety]",
         LINE["concept_red_teaming"] + 1: 'label = "x"\nterms = ["y"]\n[concepts.red_teaming]'},
        [(LINE["red_flag"] + 2, "TOML syntax error (column 29): duplicate red flag id "
                                "'speed_over_safety' ([red_flags.speed_over_safety] is "
                                "declared twice)")],
    ),
    "bank id with invalid characters": (
        {LINE["id"]: 'id = "Test Bank"'},
        [(LINE["id"], "bank id 'Test Bank' may only use a-z, 0-9 and '-' (try 'test-bank')")],
    ),
    "question id with an underscore": (
        {LINE["q1_id"]: 'id = "cs_one"'},
        [(LINE["q1_id"], "question 1 of stage 'case-study' id 'cs_one' may only use a-z, 0-9 "
                         "and '-' (try 'cs-one')")],
    ),
    "an id with a trailing newline is invalid, and shown escaped on one line": (
        {LINE["q1_id"]: 'id = """cs-one\n"""'},
        [(LINE["q1_id"], "question 1 of stage 'case-study' id 'cs-one\\n' may only use a-z, "
                         "0-9 and '-' (try 'cs-one')")],
    ),
    "concept id with a hyphen": (
        {LINE["concept_red_teaming"]: "[concepts.red-teaming]"},
        [(LINE["concept_red_teaming"],
          "concept id 'red-teaming' may only use a-z, 0-9 and '_' (try 'red_teaming')"),
         (LINE["q1_expects"], "question 'cs-one' expects unknown concept 'red_teaming' "
                              "— did you mean 'red-teaming'?"),
         (LINE["q2_expects_1"], "question 'cs-two' expects unknown concept 'red_teaming' "
                                "— did you mean 'red-teaming'?")],
    ),
    "missing bank id suggests one from the file name": (
        {LINE["id"]: ""},
        [(1, 'bank: missing required key \'id\' at the top of the file (for example '
             'id = "bank")')],
    ),
    "missing title and stages": (
        {LINE["title"]: "", LINE["stage1"]: "[[stagez]]", LINE["stage2"]: "[[stagez]]",
         LINE["q1"]: "[[stagez.questions]]", LINE["q2"]: "[[stagez.questions]]",
         LINE["q3"]: "[[stagez.questions]]"},
        [(1, "bank: missing required key 'title'"),
         (1, "bank: missing required key 'stages' (add [[stages]] sections)"),
         (LINE["stage1"], "bank: unknown key 'stagez' — did you mean 'stages'?")],
    ),
    "terms of the wrong type": (
        {LINE["red_flag_terms"]: 'terms = "move fast"'},
        [(LINE["red_flag_terms"],
          "red flag 'speed_over_safety': 'terms' must be an array of strings, not a string")],
    ),
    "empty terms and non-string items": (
        {LINE["provenance_terms"]: 'terms = ["ok", 3, ""]',
         LINE["red_flag_terms"]: "terms = []"},
        [(LINE["provenance_terms"],
          "concept 'provenance': item 2 of 'terms' must be a string, not an integer"),
         (LINE["provenance_terms"], "concept 'provenance': item 3 of 'terms' is empty"),
         (LINE["red_flag_terms"], "red flag 'speed_over_safety': 'terms' is empty; "
                                  "list at least one")],
    ),
    "non-positive times": (
        {LINE["stage2_green"]: "green_s = 0", LINE["stage1_prep"]: "prep_s = -5"},
        [(LINE["stage1_prep"], "stage 'case-study': 'prep_s' must be 0 or more, not -5"),
         (LINE["stage2_green"], "stage 'screen': 'green_s' must be positive, not 0")],
    ),
    "times of the wrong type": (
        {LINE["stage2_red"]: 'red_s = "120"', LINE["stage2_yellow"]: "yellow_s = true"},
        [(LINE["stage2_yellow"],
          "stage 'screen': 'yellow_s' must be a number of seconds, not a boolean"),
         (LINE["stage2_red"], "stage 'screen': 'red_s' must be a number of seconds, "
                              "not a string")],
    ),
    "infinite and absurd times": (
        {LINE["stage2_red"]: "red_s = inf", LINE["stage1_red"]: "red_s = 99999"},
        [(LINE["stage1_red"], "stage 'case-study': 'red_s' = 99999 s is more than 3 hours; "
                              "is it a typo?"),
         (LINE["stage2_red"], "stage 'screen': 'red_s' must be a finite number of seconds")],
    ),
    "missing stage time": (
        {LINE["stage2_yellow"]: ""},
        [(LINE["stage2"], "stage 'screen': missing required key 'yellow_s'")],
    ),
    "green not below yellow": (
        {LINE["stage1_green"]: "green_s = 360"},
        [(LINE["stage1_yellow"], "stage 'case-study': times must satisfy green_s < yellow_s "
                                 "< red_s, but green_s = 360 is not less than yellow_s = 360")],
    ),
    "yellow not below red": (
        {LINE["stage2_yellow"]: "yellow_s = 150"},
        [(LINE["stage2_red"], "stage 'screen': times must satisfy green_s < yellow_s < red_s, "
                              "but yellow_s = 150 is not less than red_s = 120")],
    ),
    "order broken only by a question's override": (
        {LINE["q2_green"]: "green_s = 400"},
        [(LINE["q2_green"], "question 'cs-two', with its time overrides: times must satisfy "
                            "green_s < yellow_s < red_s, but green_s = 400 (this question) is "
                            "not less than yellow_s = 360 (from stage 'case-study')")],
    ),
    "a question override of red below the stage's yellow": (
        {LINE["q3_prompt"]: 'prompt = "Why us?"\nred_s = 80.5'},
        [(LINE["q3_prompt"] + 1, "question 'sc-one', with its time overrides: times must "
                                 "satisfy green_s < yellow_s < red_s, but yellow_s = 90 (from "
                                 "stage 'screen') is not less than red_s = 80.5 (this "
                                 "question)")],
    ),
    "a stage with no questions": (
        {LINE["q3"]: "", LINE["q3_id"]: "", LINE["q3_prompt"]: ""},
        [(LINE["stage2"], "stage 'screen': has no questions (add [[stages.questions]] "
                          "sections)")],
    ),
    "a question that is not a table": (
        {LINE["q3"]: "questions = [1]", LINE["q3_id"]: "", LINE["q3_prompt"]: ""},
        [(LINE["q3"], "question 1 of stage 'screen' must be a table, not an integer")],
    ),
    "stages written as a table": (
        {LINE["stage1"]: "[stagesx]", LINE["q1"]: "[stagesx.q1]", LINE["q2"]: "[stagesx.q2]",
         LINE["stage2"]: "[stagesy]", LINE["q3"]: "[stagesy.q]",
         LINE["id"]: 'id = "t"\nstages = 3'},
        [(LINE["id"] + 1, "'stages' must be an array of tables ([[stages]] sections), "
                          "not an integer"),
         (LINE["stage1"] + 1, "bank: unknown key 'stagesx' — did you mean 'stages'?"),
         (LINE["stage2"] + 1, "bank: unknown key 'stagesy' — did you mean 'stages'?")],
    ),
    "concepts written as an array": (
        {LINE["concept_provenance"]: "[[conceptz]]", LINE["concept_red_teaming"]: "[[conceptz]]",
         LINE["id"]: 'id = "t"\nconcepts = ["provenance"]'},
        [(LINE["id"] + 1, "'concepts' must be a table of concepts ([concepts.ID] sections), "
                          "not an array"),
         (LINE["concept_provenance"] + 1, "bank: unknown key 'conceptz' — did you mean "
                                          "'concepts'?"),
         (LINE["q1_expects"] + 1, "question 'cs-one' expects unknown concept 'provenance' "
                                  "(the bank defines no [concepts])"),
         (LINE["q1_expects"] + 1, "question 'cs-one' expects unknown concept 'red_teaming' "
                                  "(the bank defines no [concepts])"),
         (LINE["q2_expects_0"] + 1, "question 'cs-two' expects unknown concept 'provenance' "
                                    "(the bank defines no [concepts])"),
         (LINE["q2_expects_1"] + 1, "question 'cs-two' expects unknown concept 'red_teaming' "
                                    "(the bank defines no [concepts])")],
    ),
    "a concept without label, with an unknown key": (
        {LINE["concept_red_teaming"] + 1: 'lable = "Red teaming"'},
        [(LINE["concept_red_teaming"], "concept 'red_teaming': missing required key 'label'"),
         (LINE["concept_red_teaming"] + 1,
          "concept 'red_teaming': unknown key 'lable' — did you mean 'label'?")],
    ),
    "follow-ups with an empty item": (
        {LINE["q1_follow_ups"]: 'follow_ups = ["Fine?", " "]'},
        [(LINE["q1_follow_ups"], "question 'cs-one': item 2 of 'follow_ups' is empty")],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_problem_is_located_and_named(tmp_path: Path, name: str) -> None:
    changes, expected = CASES[name]
    text = VALID_BANK
    # Replace from the bottom up so earlier line numbers stay valid.
    for line in sorted(changes, reverse=True):
        text = replace_line(text, line, changes[line])
    path, found = _problems(tmp_path, text)
    assert found == [f"{path}:{line}: {message}" for line, message in expected]


def test_all_problems_of_a_file_are_reported_in_line_order(tmp_path: Path) -> None:
    text = VALID_BANK
    text = replace_line(text, LINE["q3_prompt"], "prompt = 7")
    text = replace_line(text, LINE["q1_expects"], 'expect = ["provenance"]')
    text = replace_line(text, LINE["stage1_green"], "green_s = -1")
    text = replace_line(text, LINE["title"], "title = 3")
    path, found = _problems(tmp_path, text)
    assert [int(p.split(":")[1]) for p in found] == [
        LINE["title"], LINE["stage1_green"], LINE["q1_expects"], LINE["q3_prompt"]]
    with pytest.raises(BankError) as caught:
        load_bank(path)
    assert len(caught.value.problems) == 4
    assert all(isinstance(p, BankProblem) for p in caught.value.problems)
    assert isinstance(caught.value, UserError)
    message = str(caught.value)
    assert message.startswith(f"The question bank {path} cannot be used: {path}:2: ")
    assert f"(and 3 more problems; run 'stagecoach banks validate {path}'" in message


SYNTAX_CASES: dict[str, tuple[str, list[tuple[int, str]]]] = {
    "unclosed string": (
        replace_line(VALID_BANK, LINE["q1_prompt"], 'prompt = "Design a data strategy.'),
        [(LINE["q1_prompt"], "TOML syntax error (column 34): illegal character '\\n' "
                             "— a string is not closed before the end of the line")],
    ),
    "missing equals sign": (
        replace_line(VALID_BANK, LINE["title"], 'title "Test bank"'),
        [(LINE["title"], "TOML syntax error (column 7): expected '=' after a key in a "
                         "key/value pair — write key = value, text in \"quotes\"")],
    ),
    "bare word value": (
        replace_line(VALID_BANK, LINE["description"], "description = yes"),
        [(LINE["description"], "TOML syntax error (column 15): invalid value — text values "
                               "need \"quotes\", lists [brackets]")],
    ),
    "the same key twice": (
        replace_line(VALID_BANK, LINE["q1_id"], 'id = "cs-one"\nid = "cs-uno"'),
        [(LINE["q1_id"] + 1, "TOML syntax error (column 14): key 'id' is set twice in the "
                             "same table")],
    ),
    "several independent syntax errors are all reported": (
        replace_line(replace_line(VALID_BANK, LINE["q3_prompt"], "prompt = why"),
                     LINE["title"], 'title = "Test bank'),
        [(LINE["title"], "TOML syntax error (column 19): illegal character '\\n' "
                         "— a string is not closed before the end of the line"),
         (LINE["q3_prompt"], "TOML syntax error (column 10): invalid value — text values "
                             "need \"quotes\", lists [brackets]")],
    ),
    "unclosed multi-line string is located where it opens": (
        replace_line(VALID_BANK, LINE["description"], 'description = """A bank'),
        [(LINE["description"], "TOML syntax error (not closed before the end of the file): "
                               "unterminated string")],
    ),
    "broken table header stops recovery there": (
        replace_line(replace_line(VALID_BANK, LINE["q3_prompt"], "prompt = why"),
                     LINE["q1"], "[[stages.questions]"),
        [(LINE["q1"], "TOML syntax error (column 19): expected ']]' at the end of an array "
                      "declaration")],
    ),
}


@pytest.mark.parametrize("name", list(SYNTAX_CASES))
def test_toml_syntax_errors_carry_their_line(tmp_path: Path, name: str) -> None:
    text, expected = SYNTAX_CASES[name]
    path, found = _problems(tmp_path, text)
    assert found == [f"{path}:{line}: {message}" for line, message in expected]


FILE_CASES: dict[str, tuple[bytes, list[tuple[int, str]]]] = {
    "latin-1 text": (
        VALID_BANK.replace('"A bank for tests."', '"Caf\u00e9 bank."').encode("latin-1"),
        [(LINE["description"], "the file is not UTF-8 text: byte 0xE9 at column 19 cannot be "
                               "decoded; save the file with UTF-8 encoding")],
    ),
    "several undecodable lines": (
        b'id = "x"\n\xff\n\n\x80abc\n',
        [(2, "the file is not UTF-8 text: byte 0xFF at column 1 cannot be decoded; save the "
             "file with UTF-8 encoding"),
         (4, "the file is not UTF-8 text: byte 0x80 at column 1 cannot be decoded; save the "
             "file with UTF-8 encoding")],
    ),
    "binary data": (
        b'id = "x"\ntitle = "y"\n\x00\x01\x02\x89PNG',
        [(3, "this is binary data, not a TOML text file (a NUL byte is on this line)")],
    ),
    "empty file": (b"  \n\n", [(1, "the file is empty; a bank needs at least id, title and "
                                   "[[stages]]")]),
    "too large": (b"#" * (3 * 1024 * 1024), [(1, "the file is 3.0 MB, too large for a question "
                                                 "bank (at most 2 MB of TOML text)")]),
}


@pytest.mark.parametrize("name", list(FILE_CASES))
def test_unreadable_contents_are_located(tmp_path: Path, name: str) -> None:
    data, expected = FILE_CASES[name]
    path = write_bank(tmp_path, data)
    assert problem_lines(path) == [f"{path}:{line}: {message}" for line, message in expected]


def test_utf8_with_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write_bank(tmp_path, b"\xef\xbb\xbf" + VALID_BANK.encode("utf-8"))
    assert load_bank(path).id == "test-bank"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    assert problem_lines(missing) == [f"{missing}:1: file not found"]
    assert problem_lines(tmp_path) == [f"{tmp_path}:1: this is a folder, not a bank file (.toml)"]
    with pytest.raises(BankError, match="file not found"):
        load_bank(missing)


def test_unreadable_file(tmp_path: Path) -> None:
    import os

    path = write_bank(tmp_path, VALID_BANK)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # running as root: permissions do not apply
            pytest.skip("file permissions are not enforced for this user")
        assert problem_lines(path) == [f"{path}:1: cannot read the file: permission denied"]
    finally:
        path.chmod(0o600)


def test_inline_tables_are_located_too(tmp_path: Path) -> None:
    text = (
        'id = "inline"\ntitle = "Inline"\n'
        'concepts = { a = { label = "A", terms = ["a"] } }\n'
        "stages = [\n"
        '  { id = "s", title = "S", green_s = 1, yellow_s = 2, red_s = 3, questions = [\n'
        '    { id = "q", prompt = "P", expects = ["b"] },\n'
        "  ] },\n"
        "]\n"
    )
    path, found = _problems(tmp_path, text)
    assert found == [f"{path}:6: question 'q' expects unknown concept 'b'"]


# Nesting that tomllib would recurse into past Python's stack; located before it parses.
DEEP = "[" * 500 + "]" * 500
NESTING_CASES: dict[str, tuple[str, int]] = {
    "500 brackets on one line": (f"x = {DEEP}\n", 1),
    "after valid lines": (VALID_BANK + f"\n[extra]\nx = {DEEP}\n", VALID_BANK.count("\n") + 3),
    "inline tables": ('id = "x"\n\nx = ' + "{a = " * 30 + "1" + " }" * 30 + "\n", 3),
    "one bracket a line": ('id = "x"\nx = ' + "[\n" * 25 + "]" * 25 + "\n", 22),
    "left open, never closed": ("x = " + "[" * 300, 1),
}


@pytest.mark.parametrize("name", list(NESTING_CASES))
def test_deep_nesting_is_located_not_a_crash(tmp_path: Path, name: str) -> None:
    text, line = NESTING_CASES[name]
    path = write_bank(tmp_path, text)
    assert problem_lines(path) == [
        f"{path}:{line}: lists [ ] and inline tables {{ }} are nested more than 20 levels deep "
        "here; no question bank needs that many (close the brackets left open)"]
    with pytest.raises(BankError, match="nested more than 20 levels"):
        load_bank(path)


def test_brackets_in_strings_and_comments_do_not_count(tmp_path: Path) -> None:
    brackets = "[{" * 40
    text = VALID_BANK.replace(
        'description = "A bank for tests."',
        f'description = "{brackets}"  # {brackets}\n'
        f"# {brackets}",
    ).replace('prompt = "Second question."',
              f"prompt = '''{brackets}\n{brackets}'''")
    path = write_bank(tmp_path, text)
    assert validate_bank_file(path) == []
    assert load_bank(path).description == brackets


def test_twenty_levels_are_still_parsed(tmp_path: Path) -> None:
    # Within the bound tomllib parses it, and the schema check names the real problem.
    path = write_bank(tmp_path, 'id = "x"\ntitle = ' + "[" * 20 + "]" * 20 + "\n")
    assert "nested" not in " ".join(problem_lines(path))
    assert f"{path}:2: bank: 'title' must be a string, not an array" in problem_lines(path)


def test_a_named_pipe_is_not_read(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    # Reading it would wait for a writer forever; it is refused by its type instead.
    assert problem_lines(fifo) == [
        f"{fifo}:1: this is not a regular file, so it is not read as a bank; a bank is a "
        ".toml text file"]
