"""The strict YAML reader: positions, refusals, and never an exception of its own."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.problems import Problem
from screening.reading import yamlsafe
from screening.reading.yamlsafe import YMap, YScalar, YSeq, date_of, read_bytes

from .helpers import PROBLEM_RE, locate


def read(text: str | bytes, name: str = "f.yaml") -> tuple[object, list[Problem]]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_bytes(name, data)


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


# ------------------------------------------------------------------ positions and kinds


def test_every_key_and_value_keeps_its_line_and_column() -> None:
    text = "top:\n  name: Ann\n  list:\n    - one\n    - {k: v}\nother: 3\n"
    tree, problems = read(text)
    assert problems == []
    assert isinstance(tree, YMap)
    assert (tree.line, tree.column) == (1, 1)
    key, top = tree.items["top"]
    assert (key.line, key.column) == (1, 1)
    assert isinstance(top, YMap) and (top.line, top.column) == locate(text, "name")
    name_key, name = top.items["name"]
    assert (name_key.line, name_key.column) == locate(text, "name")
    assert isinstance(name, YScalar) and name.text == "Ann"
    assert (name.line, name.column) == locate(text, "Ann")
    seq = top.items["list"][1]
    assert isinstance(seq, YSeq) and len(seq.items) == 2
    assert (seq.items[0].line, seq.items[0].column) == locate(text, "one")
    flow = seq.items[1]
    assert isinstance(flow, YMap) and (flow.line, flow.column) == locate(text, "{k")
    assert (flow.items["k"][1].line, flow.items["k"][1].column) == locate(text, "v}")
    other = tree.items["other"][1]
    assert (other.line, other.column) == (6, 8)


def test_columns_count_characters_not_bytes() -> None:
    text = "a: ééé 😀\nb: value\n"
    tree, problems = read(text)
    assert problems == []
    assert isinstance(tree, YMap)
    # "b" is on line 2 whatever the bytes before it
    assert (tree.items["b"][1].line, tree.items["b"][1].column) == (2, 4)


@pytest.mark.parametrize(
    ("written", "kind", "quoted"),
    [
        ("no", "bool", False),
        ("Yes", "bool", False),
        ("off", "bool", False),
        ("1.0", "float", False),
        ("12:30", "int", False),
        ("0x1F", "int", False),
        ("2027-01-01", "timestamp", False),
        ("~", "null", False),
        ("null", "null", False),
        ("plain words", "str", False),
        ('"no"', "str", True),
        ("'1.0'", "str", True),
        ('"12:30"', "str", True),
        ("!!str 5", "str", False),
    ],
)
def test_scalars_know_what_yaml_would_make_of_them(written: str, kind: str, quoted: bool) -> None:
    tree, problems = read(f"key: {written}\n")
    assert problems == []
    assert isinstance(tree, YMap)
    value = tree.items["key"][1]
    assert isinstance(value, YScalar)
    assert value.kind == kind
    assert value.quoted is quoted


def test_an_empty_value_is_null() -> None:
    tree, problems = read("key:\nnext: 1\n")
    assert problems == []
    assert isinstance(tree, YMap)
    assert tree.items["key"][1].kind == "null"


def test_date_of() -> None:
    tree, _ = read("a: 2027-11-01\nb: '2027-11-02'\nc: soon\nd: 2027-11-01 10:00:00\ne: 2027-02-30\n")
    assert isinstance(tree, YMap)
    values = {k: v[1] for k, v in tree.items.items()}
    assert date_of(values["a"]) == dt.date(2027, 11, 1)
    assert date_of(values["b"]) == dt.date(2027, 11, 2)
    assert date_of(values["c"]) is None
    assert date_of(values["d"]) is None  # a date and time is not a date
    assert date_of(values["e"]) is None


def test_an_empty_document_has_no_tree_and_no_problem() -> None:
    assert read("") == (None, [])
    assert read("# only a comment\n") == (None, [])


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    tree, problems = read(b"\xef\xbb\xbfa: 1\n")
    assert problems == []
    assert isinstance(tree, YMap) and "a" in tree.items


# ------------------------------------------------------------------ refusals, each at its place


def test_duplicate_keys_are_refused_at_the_second_key() -> None:
    text = "outer:\n  id: one\n  label: x\n  id: two\n"
    tree, problems = read(text)
    problem = only(problems)
    assert (problem.line, problem.column) == (4, 3)
    assert "'id' appears twice" in problem.message
    assert "line 2" in problem.message
    assert isinstance(tree, YMap)
    assert tree.items["outer"][1].items["id"][1].text == "one"  # the first one is kept


def test_anchors_and_aliases_are_refused_where_they_are() -> None:
    text = "base: &b\n  x: 1\nuse: *b\n"
    _, problems = read(text)
    assert [(p.line, p.column) for p in problems] == [(1, 7), locate(text, "*b")]
    assert "anchors (&b) are not allowed" in problems[0].message
    assert "aliases (*b) are not allowed" in problems[1].message


def test_an_alias_bomb_is_refused_without_being_expanded() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghij"
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    text = "\n".join(lines) + "\n"
    tree, problems = read(text)
    # one problem per anchor and per alias written: nothing was expanded (9**10 items otherwise)
    assert sum("anchors" in p.message for p in problems) == 10
    assert sum("aliases" in p.message for p in problems) == 9 * 9
    assert isinstance(tree, YMap)
    last = tree.items["j"][1]
    assert isinstance(last, YSeq) and len(last.items) == 9
    assert all(isinstance(item, YScalar) and item.text == "" for item in last.items)


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/name:os.system",
        "!!python/object:builtins.object",
        "!custom",
        "!!binary",
        "!!set",
        "!!omap",
        "!<tag:example.com,2000:thing>",
    ],
)
def test_non_standard_tags_are_refused_and_nothing_runs(tag: str, tmp_path: Path) -> None:
    marker = tmp_path / "created-by-yaml"
    text = f"safe: 1\nrun: {tag} ['touch {marker}']\n"
    tree, problems = read(text)
    problem = only(problems)
    assert (problem.line, problem.column) == (2, 6)
    assert "is not allowed" in problem.message and "tag" in problem.message
    assert not marker.exists()
    assert isinstance(tree, YMap)
    # the reader built plain nodes, nothing else
    assert isinstance(tree.items["run"][1], YSeq)


def test_a_python_tag_on_a_scalar_does_not_call_anything(tmp_path: Path) -> None:
    marker = tmp_path / "os-system-ran"
    text = f'x: !!python/object/apply:os.system ["touch {marker}"]\ny: !!python/name:os.system ""\n'
    _, problems = read(text)
    assert [(p.line, p.column) for p in problems] == [(1, 4), (2, 4)]
    assert not marker.exists()


def test_bytes_that_are_not_utf8_are_reported_at_their_character() -> None:
    data = "a: 1\ntitle: café ".encode() + b"\xe9t\xe9\n"
    tree, problems = read(data)
    assert tree is None
    problem = only(problems)
    # line 2; "title: café " is 12 characters (13 bytes), so the bad byte is the 13th character
    assert (problem.line, problem.column) == (2, 13)
    assert "UTF-8" in problem.message


def test_utf16_is_refused_as_not_utf8() -> None:
    tree, problems = read("a: 1\n".encode("utf-16"))
    assert tree is None
    assert (only(problems).line, only(problems).column) == (1, 1)


def test_a_nul_character_is_refused_with_its_position() -> None:
    tree, problems = read("a: 1\nb: x\x00y\n")
    assert tree is None
    problem = only(problems)
    assert (problem.line, problem.column) == (2, 5)
    assert "NUL" in problem.message


@pytest.mark.parametrize("char", ["\x07", "\x7f", "\x1b", "\ufffe"])
def test_control_characters_give_one_line_with_their_position(char: str) -> None:
    text = f"a: 1\nb: é{char}\n"
    tree, problems = read(text)
    assert tree is None
    problem = only(problems)
    assert (problem.line, problem.column) == (2, 5)
    assert "\n" not in str(problem)
    assert f"U+{ord(char):04X}" in problem.message


def test_files_over_the_size_cap_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "MAX_FILE_BYTES", 64)
    tree, problems = read("a: " + "x" * 100 + "\n")
    assert tree is None
    assert "larger than" in only(problems).message
    tree, problems = read("a: small\n")
    assert problems == [] and isinstance(tree, YMap)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000,
        "[" * 10_000 + "]" * 10_000,
        "a: " + "{b: " * 10_000 + "}" * 10_000,
        "- " * 10_000 + "x\n",
        "".join(" " * i + f"k{i}:\n" for i in range(0, 3000)),
    ],
    ids=["open-brackets", "closed-brackets", "flow-maps", "block-lists", "block-maps"],
)
def test_absurd_nesting_is_refused_without_recursion_error(text: str) -> None:
    tree, problems = read(text)
    assert tree is None
    assert any(f"nested more than {yamlsafe.MAX_DEPTH} levels" in p.message for p in problems)


def test_nesting_up_to_the_limit_is_fine_and_one_more_is_not() -> None:
    depth = yamlsafe.MAX_DEPTH
    tree, problems = read("[" * depth + "]" * depth)
    assert problems == [] and isinstance(tree, YSeq)
    tree, problems = read("[" * (depth + 1) + "]" * (depth + 1))
    assert tree is None
    assert (only(problems).line, only(problems).column) == (1, depth + 1)


def test_a_second_document_is_refused_where_it_starts() -> None:
    _, problems = read("a: 1\n---\nb: 2\n")
    problem = only(problems)
    assert (problem.line, problem.column) == (2, 1)
    assert "one document" in problem.message


def test_a_key_that_is_a_list_is_refused() -> None:
    _, problems = read("ok: 1\n? [a, b]\n: 2\n")
    problem = only(problems)
    assert (problem.line, problem.column) == (2, 3)
    assert "key must be a plain word" in problem.message


@pytest.mark.parametrize(
    ("text", "position", "fragment"),
    [
        ("a: [1, 2\nb: 3\n", (2, 2), "did not find expected ',' or ']'"),
        ('a: "open\nb: 2\n', (1, 4), "closing quote is missing"),  # where the quote opens, not the end
        ("a: b: c\n", (1, 5), "needs the whole text in quotes"),
        ("a:\n  b: 1\n\tc: 2\n", (3, 1), "use spaces, not tabs"),
        ("list:\n  - a\n  -\tb\n", (3, 4), "use spaces, not tabs"),
        ("a: 1\n b: 2\n", (2, 3), "YAML syntax error"),
    ],
)
def test_syntax_errors_are_reported_at_the_right_place(
    text: str, position: tuple[int, int], fragment: str
) -> None:
    tree, problems = read(text)
    assert tree is None
    problem = only(problems)
    assert (problem.line, problem.column) == position
    assert fragment in problem.message
    assert PROBLEM_RE.fullmatch(str(problem))


def test_all_problems_of_one_file_are_collected() -> None:
    text = "a: &x 1\nb: *x\nc: !!python/name:os.system ''\nd:\n  e: 1\n  e: 2\n"
    _, problems = read(text)
    assert [(p.line, p.column) for p in problems] == [(1, 4), (2, 4), (3, 4), (6, 3)]


# ------------------------------------------------------------------ never anything but problems


def _check(data: bytes) -> None:
    tree, problems = read_bytes("fuzz.yaml", data)
    assert tree is None or isinstance(tree, YMap | YSeq | YScalar)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert PROBLEM_RE.fullmatch(str(problem)), repr(str(problem))


@settings(max_examples=300, deadline=10_000, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_give_a_tree_or_problems(data: bytes) -> None:
    _check(data)


_YAMLISH = st.lists(
    st.sampled_from(
        ["a", "b", "id", ":", ": ", "- ", "-", "\n", "  ", "\t", "[", "]", "{", "}", ",", "&x ", "*x", "!!",
         "!tag ", "? ", "|", ">", "'", '"', "#", "---\n", "...\n", "%YAML 1.1\n", "no", "12:30", "1.0", "é",
         "\x85", "\u2028", "\ufeff", "\\", "~", "@", "`"]
    )
    | st.text(max_size=5),
    max_size=80,
).map("".join)


@settings(max_examples=400, deadline=10_000, suppress_health_check=[HealthCheck.too_slow])
@given(_YAMLISH)
def test_random_yamlish_text_gives_a_tree_or_problems(text: str) -> None:
    _check(text.encode("utf-8", "surrogatepass"))


def test_a_library_nesting_limit_never_replaces_our_message() -> None:
    """Whatever a YAML library says when it stops deep nesting itself, the user reads our message."""

    class StrictLibrary(yaml.SafeLoader):  # a parser that gives up early, in words of its own
        def get_event(self) -> object:
            if getattr(self, "_events", 0) > 3:
                raise yaml.MarkedYAMLError(problem="some wording the library chose this year")
            self._events = getattr(self, "_events", 0) + 1
            return super().get_event()

    text = "a: " + "[" * 200 + "]" * 200 + "\n"
    tree, problems = yamlsafe._read_text("deep.yaml", text, StrictLibrary)
    assert tree is None
    assert [p.message for p in problems] == [f"the file is nested more than {yamlsafe.MAX_DEPTH} levels deep"]
    # a real syntax error in a shallow file keeps the library's own account of it
    _, problems = yamlsafe._read_text("bad.yaml", "a: [1, 2\n", StrictLibrary)
    assert problems and "nested" not in problems[0].message


def test_a_quote_never_closed_is_reported_where_it_opens() -> None:
    _, problems = read_bytes("s.yaml", b'role: dsl\nmash_phone: "01632 960 111\nlado: x\nfoo: bar\n')
    (problem,) = problems
    assert (problem.line, problem.column) == (2, 13)
    assert "closing quote is missing" in problem.message
    # a problem inside a quoted value keeps its own place
    _, problems = read_bytes("s.yaml", b'a: 1\nb: "bad \\q escape"\n')
    (problem,) = problems
    assert problem.line == 2 and "closing quote" not in problem.message
