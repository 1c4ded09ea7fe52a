"""A strict, position-tracking YAML reader.

PyYAML's safe loader still accepts anchors and aliases (so alias bombs), duplicate keys, and the
YAML 1.1 traps. This reader walks the parser's events itself so that it can refuse those, keep the
line and column of every value, and collect every problem instead of stopping at the first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any, NamedTuple

import yaml

from screening.problems import Problem

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 20

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()
# types-PyYAML leaves resolve unannotated; it returns the tag
_resolve: Callable[[type, str, tuple[bool, bool]], str] = _resolver.resolve
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
    "!",  # the non-specific tag of a quoted scalar
}


class Pos(NamedTuple):
    path: str
    line: int
    column: int

    def problem(self, message: str) -> Problem:
        return Problem(self.path, self.line, self.column, message)


class _Node:
    """Where a node was written; the Pos is built only when a message needs it."""

    __slots__ = ("column", "line", "path")
    path: str
    line: int
    column: int

    @property
    def pos(self) -> Pos:
        return Pos(self.path, self.line, self.column)

    def problem(self, message: str) -> Problem:
        return Problem(self.path, self.line, self.column, message)


class YScalar(_Node):
    __slots__ = ("kind", "quoted", "text")

    def __init__(self, path: str, line: int, column: int, text: str, kind: str, quoted: bool) -> None:
        self.path, self.line, self.column = path, line, column
        self.text = text
        self.kind = kind  # str | int | float | bool | null | timestamp
        self.quoted = quoted

    def value(self) -> Any:
        """The value YAML 1.1 would give this scalar."""
        if self.kind == "str":
            return self.text
        node = yaml.ScalarNode(f"tag:yaml.org,2002:{self.kind}", self.text)
        return yaml.SafeLoader.yaml_constructors[node.tag](_constructor, node)

    def __repr__(self) -> str:
        return f"YScalar({self.text!r}, {self.kind}, line {self.line})"


class YSeq(_Node):
    __slots__ = ("items",)

    def __init__(self, path: str, line: int, column: int) -> None:
        self.path, self.line, self.column = path, line, column
        self.items: list[YNode] = []


class YMap(_Node):
    __slots__ = ("items",)

    def __init__(self, path: str, line: int, column: int) -> None:
        self.path, self.line, self.column = path, line, column
        # key text -> (the key's own node, for messages about the key; the value)
        self.items: dict[str, tuple[YScalar, YNode]] = {}


YNode = YScalar | YSeq | YMap
_constructor = yaml.SafeLoader("")


def _pos(path: str, event: Any) -> Pos:
    mark = event.start_mark
    return Pos(path, mark.line + 1, mark.column + 1)


@lru_cache(maxsize=4096)
def _plain_kind(value: str) -> str:
    tag: str = _resolve(yaml.ScalarNode, value, (True, False))
    return tag.rsplit(":", 1)[-1]


def _kind(event: Any) -> str:
    if event.tag not in (None, "!"):
        return event.tag.rsplit(":", 1)[-1] if event.tag in _STANDARD_TAGS else "str"
    if not event.implicit[0]:
        return "str"
    return _plain_kind(event.value)


def read_bytes(path: str, data: bytes, kind: str = "rule file") -> tuple[YNode | None, list[Problem]]:
    """Parse one YAML document; return its tree (None when unusable) and every problem.

    kind names the file in messages: "rule file", "record file" or "settings file".
    """
    whole = Pos(path, 0, 0)
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return None, [whole.problem(f"the file is larger than the {limit} MiB limit for a {kind}")]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        # the column counts characters, as an editor (and the YAML parser) does, not bytes
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return None, [
            Problem(path, line, col, "the file is not UTF-8 text; save it again as UTF-8 in your editor")
        ]
    if "\x00" in text:
        line, col = _line_col(text, text.index("\x00"))
        return None, [Problem(path, line, col, "the file contains a NUL character; it is not a text file")]
    tree, problems = _read_document(path, text)
    if kind != "rule file":
        problems = [replace(p, message=p.message.replace("rule files", f"{kind}s").replace("a rule file", f"a {kind}"))
                    for p in problems]
    return tree, problems


def _read_document(path: str, text: str) -> tuple[YNode | None, list[Problem]]:
    """JSON as JSON (YAML 1.1 refuses some valid JSON); anything else, or broken JSON, as YAML."""
    from screening.reading.jsonread import NotJson, looks_like_json, read_json

    if looks_like_json(text):
        try:
            return read_json(path, text)
        except NotJson:
            pass  # the YAML reader names what is wrong, as it always has
    return _read_text(path, text)


_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_SEQ_START, _MAP_START = yaml.SequenceStartEvent, yaml.MappingStartEvent
_ENDS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _read_text(path: str, text: str, parser: Any = _Parser) -> tuple[YNode | None, list[Problem]]:
    problems: list[Problem] = []
    # each open container, with the key node waiting for its value (maps only)
    stack: list[list[Any]] = []
    root: YNode | None = None
    documents = 0
    loader = parser(text)
    get_event = loader.get_event
    try:
        while True:
            event = get_event()
            if event is None:
                break
            cls = event.__class__
            if cls is _SCALAR:
                mark = event.start_mark
                if event.anchor is not None or event.tag is not None:
                    _check_anchor_and_tag(path, event, problems)
                    kind = _kind(event)
                else:
                    kind = "str" if event.style else _plain_kind(event.value)
                node: YNode = YScalar(path, mark.line + 1, mark.column + 1, event.value, kind, bool(event.style))
            elif cls is _MAP_START or cls is _SEQ_START:
                mark = event.start_mark
                if event.anchor is not None or event.tag is not None:
                    _check_anchor_and_tag(path, event, problems)
                container = (YMap if cls is _MAP_START else YSeq)(path, mark.line + 1, mark.column + 1)
                if len(stack) >= MAX_DEPTH:
                    # stop here: the parser slows down with every bracket still open, so a file of
                    # nothing but '[' would otherwise take minutes to refuse
                    problems.append(container.pos.problem(f"the file is nested more than {MAX_DEPTH} levels deep"))
                    return None, problems
                if stack:
                    _attach(container, stack[-1], problems)
                else:
                    root = container
                stack.append([container, None])
                continue
            elif cls in _ENDS:
                stack.pop()
                continue
            elif cls is _ALIAS:
                problems.append(
                    _pos(path, event).problem(
                        f"aliases (*{event.anchor}) are not allowed in rule files; write the value out in full"
                    )
                )
                mark = event.start_mark
                node = YScalar(path, mark.line + 1, mark.column + 1, "", "null", False)
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    problems.append(
                        _pos(path, event).problem(
                            "a rule file holds one document; remove the second '---' or split the file"
                        )
                    )
                    break
                continue
            else:
                continue
            if stack:
                _attach(node, stack[-1], problems)
            elif root is None:
                root = node
    except yaml.MarkedYAMLError as exc:
        if _may_be_nesting_limit(parser, text):
            return _read_text(path, text, yaml.SafeLoader)
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "the YAML could not be read"
        if (exc.context_mark is not None and "quoted scalar" in (exc.context or "")
                and "end of stream" in (exc.problem or "")):
            # a quote never closed: the parser stops at the end of the file; point at the quote
            mark = exc.context_mark
            reason = "a quoted value starts here and its closing quote is missing"
        line, column = (int(mark.line) + 1, int(mark.column) + 1) if mark else (0, 0)
        at_tab = mark is not None and _char_at(text, mark.line, mark.column) == "\t"
        problems.append(Problem(path, line, column, f"YAML syntax error: {reason}{_hint(reason, at_tab)}"))
        return None, problems
    except yaml.reader.ReaderError as exc:
        # a character YAML does not allow; the error's offset counts bytes or characters depending
        # on the parser, and its message spans two lines, so find the character itself
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character or "")
        index = text.find(char) if char else -1
        line, col = _line_col(text, index) if index >= 0 else (0, 0)
        code = f" (U+{ord(char):04X})" if len(char) == 1 else ""
        problems.append(Problem(path, line, col, f"the file contains a control character{code}; remove it"))
        return None, problems
    except yaml.YAMLError as exc:  # any other error without a mark, kept to one line
        if _may_be_nesting_limit(parser, text):
            return _read_text(path, text, yaml.SafeLoader)
        problems.append(Problem(path, 0, 0, "YAML error: " + " ".join(str(exc).split())))
        return None, problems
    finally:
        loader.dispose()
    return root, problems


def _may_be_nesting_limit(parser: Any, text: str) -> bool:
    """Whether libyaml's own nesting limit may have fired before our depth guard could.

    libyaml scans deep flow brackets ahead of the events we walk and stops with a message of its
    own, which changes between releases. The pure-Python parser is lazy, so reading the same text
    with it lets our guard refuse the file, at the right place, in our words. Any other syntax
    error comes out the same from either parser.
    """
    return parser is not yaml.SafeLoader and text.count("[") + text.count("{") > MAX_DEPTH


def _check_anchor_and_tag(path: str, event: Any, problems: list[Problem]) -> None:
    pos = _pos(path, event)
    if event.anchor is not None:
        problems.append(
            pos.problem(f"anchors (&{event.anchor}) are not allowed in rule files; write values out in full")
        )
    if event.tag is not None and event.tag not in _STANDARD_TAGS:
        problems.append(pos.problem(f"the tag {event.tag} is not allowed in rule files; remove it"))


def _hint(reason: str, at_tab: bool = False) -> str:
    if "mapping values are not allowed" in reason:
        return " (a ': ' inside text needs the whole text in quotes)"
    if at_tab or "found character '\\t'" in reason or "tab character" in reason:
        return " (use spaces, not tabs, to indent)"
    return ""


def _line_col(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of an index into the text."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based line and column, or '' when there is none."""
    lines = text.split("\n")
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return ""


def _attach(node: YNode, top: list[Any], problems: list[Problem]) -> None:
    parent = top[0]
    if parent.__class__ is YSeq:
        parent.items.append(node)
        return
    key_node = top[1]
    if key_node is None:
        top[1] = node  # this node is a key; its value comes next
        return
    top[1] = None
    if key_node.__class__ is not YScalar:
        problems.append(key_node.pos.problem("a key must be a plain word, not a list or mapping"))
        return
    key = key_node.text
    if key in parent.items:
        first = parent.items[key][0]
        problems.append(
            key_node.pos.problem(
                f"the key '{key}' appears twice in the same place (first at line {first.line}); keep one"
            )
        )
        return
    parent.items[key] = (key_node, node)


def date_of(node: YScalar) -> dt.date | None:
    """A date from a YAML date or an ISO text date; None when it is neither."""
    if node.kind == "timestamp":
        try:
            value = node.value()
        except ValueError:  # shaped like a date but not one, such as 2027-02-30
            return None
        return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None
    try:
        return dt.date.fromisoformat(node.text.strip())
    except ValueError:
        return None
