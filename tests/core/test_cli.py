"""The command line: exit codes, output shapes, and never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from screening.cli import main
from screening.ruleset.loader import load_ruleset

from .helpers import MINI_DIR, MINI_FILE, PROBLEM_RE, REPO, mini_with, value_at, write


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def subprocess_run(*argv: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return subprocess.run(
        [sys.executable, "-m", "screening", *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


BAD_FILES = {
    "syntax": mini_with(("  publisher: Example safeguarding partnership\n", "  publisher: [Example\n")),
    "duplicate-key": mini_with(("  licence: CC-BY-4.0\n", "  licence: CC-BY-4.0\n  licence: MIT\n")),
    "anchor": mini_with(("  - id: teacher\n", "  - id: &t teacher\n")),
    "python-tag": mini_with(("  licence: CC-BY-4.0\n", "  licence: !!python/object/apply:os.system ['true']\n")),
    "not-mapping": "- just\n- a list\n",
    "unknown-key": mini_with(("  publisher: Example", "  publsher: Example")),
    "trap": mini_with(("  title: Small example rule set\n", "  title: no\n")),
    "age-text": mini_with(("    min_age: 9\n", '    min_age: "9"\n')),
    "bad-ref": mini_with(("    category: red\n    text: Has gifts", "    category: crimson\n    text: Has gifts")),
    "coverage": mini_with(("    min_age: 9\n    max_age: 17\n", "    min_age: 11\n    max_age: 15\n")),
    "approved": mini_with(("  status: draft\n", "  status: approved\n")),
    "nesting": "ruleset: " + "[" * 10_000 + "\n",
    "control-char": mini_with(("  licence: CC-BY-4.0\n", "  licence: CC\x07BY\n")),
    "empty": "",
}


# ------------------------------------------------------------------ validate


def test_validate_the_shipped_rule_set(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate")
    assert code == 0, err
    ruleset = load_ruleset()
    assert "valid" in out and ruleset.sha256 in out
    assert f"{len(ruleset.behaviours)} behaviours" in out
    assert err == ""


def test_validate_several_paths(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", BAD_FILES["trap"])
    code, out, err = run(capsys, "validate", str(MINI_DIR), str(MINI_FILE))
    assert code == 0
    assert out.count("valid") == 2
    code, out, err = run(capsys, "validate", str(MINI_DIR), str(bad), str(MINI_FILE))
    assert code == 1
    assert out.count("valid —") == 2  # the good ones are still checked and reported
    line, column = value_at(BAD_FILES["trap"], "title: no")
    assert err.splitlines()[0].startswith(f"{bad}:{line}:{column}: 'title' should be text")
    assert f"{bad}: 1 problem; the rule set was not loaded" in err


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_validate_a_bad_file_exits_1_with_located_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, case: str
) -> None:
    path = write(tmp_path / f"{case}.yaml", BAD_FILES[case])
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[-1].startswith(f"{path}: ") and "the rule set was not loaded" in lines[-1]
    problem_lines = lines[:-1]
    assert problem_lines
    for line in problem_lines:
        assert PROBLEM_RE.fullmatch(line), line
        assert line.startswith(f"{path}:")
    count = len(problem_lines)
    assert f"{count} problem{'s' if count != 1 else ''};" in lines[-1]
    assert "Traceback" not in err


@pytest.mark.parametrize("case", ["python-tag", "nesting", "control-char"])
def test_validate_in_a_subprocess_never_shows_a_traceback(tmp_path: Path, case: str) -> None:
    path = write(tmp_path / "bad.yaml", BAD_FILES[case])
    done = subprocess_run("validate", str(path))
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert all(PROBLEM_RE.fullmatch(line) for line in lines[:-1]), lines
    assert len(lines) >= 2


def test_validate_a_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path / "nowhere"))
    assert code == 1
    assert f"{tmp_path / 'nowhere'}:0:0: no such file or folder" in err


def test_validate_in_a_subprocess_from_another_folder(tmp_path: Path) -> None:
    done = subprocess_run("validate", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "valid" in done.stdout


# ------------------------------------------------------------------ show


def test_show_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", "--rules", str(MINI_DIR), "--json")
    assert code == 0, err
    data = json.loads(out)
    mini = load_ruleset(MINI_DIR)
    assert data["ruleset"]["id"] == "mini-example"
    assert data["ruleset"]["version"] == "0.1.0"
    assert data["ruleset"]["sha256"] == mini.sha256
    assert data["ruleset"]["review_date"] == "2027-11-01"
    assert [{k: b[k] for k in ("id", "min_age", "max_age")} for b in data["age_bands"]] == [
        {"id": "0-9", "min_age": 0, "max_age": 9},
        {"id": "9-17", "min_age": 9, "max_age": 17},
    ]
    assert [c["id"] for c in data["categories"]] == ["green", "amber", "red"]
    assert [c["label"] for c in data["categories"]] == ["GREEN", "AMBER", "RED"]
    assert set(data["categories"][0]["guidance"]) == {"teacher", "foster_carer"}
    assert len(data["behaviours"]) == 7
    for behaviour in data["behaviours"]:
        assert {"id", "band", "category", "text"} <= set(behaviour)
        assert behaviour["text"] == mini.behaviour(behaviour["id"]).text
    assert data["behaviours"][0]["words"] == list(mini.behaviours[0].words)
    assert [{k: f[k] for k in ("id", "question")} for f in data["context_factors"]] == [
        {"id": "force", "question": "Did anyone use force, threats, bribery or trickery?"},
        {"id": "secrecy", "question": "Was a child told to keep it secret?"},
    ]
    assert data["context_factors"][0]["effect"] == {"at_least": "red"}
    assert data["context_factors"][1]["effect"] == {"raise": 1}


def test_show_json_of_the_shipped_set(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["ruleset"]["sha256"] == load_ruleset().sha256
    assert len(data["behaviours"]) == len(load_ruleset().behaviours)


def test_show_readable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "--rules", str(MINI_FILE))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Small example rule set — version 0.1.0 (draft)"
    assert "Approved by: not yet approved" in lines
    assert "== 0 to 9 years (ages 0–9) ==" in lines
    red_line = ["RED", "y0-forces-touching:", *mini_text("y0-forces-touching").split()]
    assert any(line.split() == red_line for line in lines)
    assert "  secrecy: Was a child told to keep it secret? (raises the category by one step)" in lines
    assert "  force: Did anyone use force, threats, bribery or trickery? (sets the category to at least RED)" in lines


def mini_text(behaviour_id: str) -> str:
    return load_ruleset(MINI_DIR).behaviour(behaviour_id).text


def test_show_a_bad_rule_set_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "bad.yaml", BAD_FILES["unknown-key"])
    code, out, err = run(capsys, "show", "--rules", str(path), "--json")
    assert code == 1 and out == ""
    assert all(PROBLEM_RE.fullmatch(line) for line in err.splitlines())
    assert "did you mean 'publisher'" in err


# ------------------------------------------------------------------ search


def test_screen_json_keys_are_stable_and_documented(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "screen", "--age", "14", "--json",
                         "her boyfriend (22) held her down and filmed it, she was crying")
    assert code == 0, err
    data = json.loads(out)
    hit_keys = {"id", "band", "category", "text", "score", "matched", "agrees", "contradicts", "colour_weight", "why"}
    cue_keys = {"factor", "words", "negated", "unsure", "counts", "why"}
    top_keys = {"band", "behaviours", "cues", "suggested_category", "trace", "guidance", "emergency"}
    assert set(data) == top_keys
    assert data["behaviours"] and all(set(h) == hit_keys for h in data["behaviours"])
    assert all(set(h["colour_weight"]) == {"weight", "factors", "words"} for h in data["behaviours"])
    assert data["cues"] and all(set(c) == cue_keys for c in data["cues"])
    assert set(data["guidance"]) == {"summary", "steps", "avoid"}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for key in top_keys | hit_keys | cue_keys | {"weight", "factors", "summary", "steps", "avoid"}:
        assert f"`{key}`" in readme, key


def test_search_json_is_a_ranked_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", "--rules", str(MINI_DIR), "--age", "5", "--json", "humping", "sex", "noises")
    assert code == 0, err
    hits = json.loads(out)
    assert isinstance(hits, list) and hits
    for hit in hits:
        # still a list of hits; since the JSON gained each hit's reason, every hit says why it ranked where it did
        assert set(hit) == {"id", "band", "category", "text", "score", "matched", "agrees", "contradicts",
                            "colour_weight", "why"}
        assert isinstance(hit["why"], str) and hit["why"]
        assert hit["band"] == "0-9"
    assert hits[0]["id"] == "y0-copies-sex-acts"
    assert hits[0]["category"] == "amber"
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)


def test_search_by_band_and_limit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "--rules", str(MINI_DIR), "--band", "9-17", "--json", "nudes", "older")
    assert code == 0
    hits = json.loads(out)
    assert {hit["band"] for hit in hits} == {"9-17"}
    assert len(hits) == 2
    code, out, _ = run(
        capsys, "search", "--rules", str(MINI_DIR), "--band", "9-17", "--limit", "1", "--json", "nudes", "older"
    )
    assert len(json.loads(out)) == 1


def test_search_an_overlapping_age_looks_in_both_bands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "--rules", str(MINI_DIR), "--age", "9", "--json", "humping", "nudes")
    assert code == 0
    assert {hit["band"] for hit in json.loads(out)} == {"0-9", "9-17"}


def test_search_readable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "--rules", str(MINI_DIR), "--age", "5", "humpin")
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["AMBER", "0-9", "y0-copies-sex-acts"]
    code, out, _ = run(capsys, "search", "--rules", str(MINI_DIR), "--age", "5", "astronaut")
    assert code == 0
    assert out.startswith("No behaviour matches those words.")


def test_search_the_shipped_set(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "--age", "7", "--json", "showed", "his", "willy")
    assert code == 0
    hits = json.loads(out)
    assert hits and all(hit["band"] in {b.id for b in load_ruleset().bands_for_age(7)} for hit in hits)


# ------------------------------------------------------------------ --rules everywhere, usage errors


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "--rules", "{bad}"],
        ["show", "--json", "--rules", "{bad}"],
        ["search", "--rules", "{bad}", "--age", "5", "x"],
        ["assess", "{record}", "--rules", "{bad}"],
    ],
)
def test_rules_is_honoured_by_every_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    bad = write(tmp_path / "bad.yaml", BAD_FILES["trap"])
    record = write(tmp_path / "rec.yaml", "format: screening-record/1\nrole: teacher\n")
    args = [a.format(bad=bad, record=record) for a in argv]
    code, _, err = run(capsys, *args)
    assert code == 1
    assert f"{bad}:" in err and "'title' should be text" in err
    # and the same command with the good rule set works
    good = [a.format(bad=MINI_DIR, record=record) for a in argv]
    code, _, err = run(capsys, *good)
    assert code == 0, err


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        ([], "usage:"),
        (["frobnicate"], "invalid choice"),
        (["search", "--rules", str(MINI_DIR), "touching"], "give --age N"),
        (["search", "--rules", str(MINI_DIR), "--age", "five", "touching"], "invalid int value"),
        (["search", "--rules", str(MINI_DIR), "--age", "40", "touching"], "no age band covers age 40"),
        (["search", "--rules", str(MINI_DIR), "--band", "0-99", "touching"], "there is no band '0-99'"),
        (["search", "--rules", str(MINI_DIR), "--age", "5"], "required"),
        (["search", "--rules", str(MINI_DIR), "--age", "5", "--limit", "-1", "touching"], "--limit must be 1 or more"),
        (["search", "--rules", str(MINI_DIR), "--age", "5", "--limit", "0", "touching"], "--limit must be 1 or more"),
        (["show", "--bogus"], "unrecognized arguments"),
        (["assess"], "required"),
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert fragment in err
    assert "Traceback" not in err


def test_usage_error_in_a_subprocess() -> None:
    done = subprocess_run("search", "--rules", str(MINI_DIR), "--age", "5")
    assert done.returncode == 2
    assert "usage:" in done.stderr and "Traceback" not in done.stderr


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("validate", "show", "search", "assess"):
        assert command in out

