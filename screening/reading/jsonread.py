"""JSON documents read into the same positioned nodes as YAML.

JSON is YAML 1.2, but libyaml reads YAML 1.1, which refuses what Python's own ``json.dump``
writes: surrogate-pair escapes (``\\ud83d\\ude00``) and a raw DEL. So a document that parses as
JSON is read as JSON, here, keeping the line and column of every value and the strict reader's
guarantees (duplicate keys and deep nesting refused, every problem collected).
"""

from __future__ import annotations

import bisect
import json.decoder
import re
from collections.abc import Callable

from screening.problems import Problem
from screening.reading.yamlsafe import MAX_DEPTH, YMap, YNode, YScalar, YSeq

_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# the json module's own string scanner (C-fast; strict: raw control characters refused); public
# since Python 2.6 but missing from typeshed
scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
_LITERALS = (("true", "bool"), ("false", "bool"), ("null", "null"))


class NotJson(Exception):
    """The text is not JSON; the YAML reader gives the message."""


class _TooDeep(Exception):
    def __init__(self, node: YNode) -> None:
        self.node = node


def looks_like_json(text: str) -> bool:
    head = text.lstrip(" \t\r\n")
    return head[:1] in ("{", "[")


class _Reader:
    def __init__(self, path: str, text: str) -> None:
        self.path, self.text = path, text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.problems: list[Problem] = []

    def line_col(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1

    def skip(self, index: int) -> int:
        match = _SPACE.match(self.text, index)
        return match.end() if match else index

    def value(self, index: int, depth: int) -> tuple[YNode, int]:
        text = self.text
        line, col = self.line_col(index)
        char = text[index : index + 1]
        if char == "{" or char == "[":
            container: YMap | YSeq = (YMap if char == "{" else YSeq)(self.path, line, col)
            if depth >= MAX_DEPTH:
                raise _TooDeep(container)
            if isinstance(container, YMap):
                return container, self._object(container, index + 1, depth + 1)
            return container, self._array(container, index + 1, depth + 1)
        if char == '"':
            return self._string(index)
        for word, kind in _LITERALS:
            if text.startswith(word, index):
                return YScalar(self.path, line, col, word, kind, False), index + len(word)
        match = _NUMBER.match(text, index)
        if match and match.end() > index:
            kind = "float" if match.group(1) or match.group(2) else "int"
            return YScalar(self.path, line, col, match.group(), kind, False), match.end()
        raise NotJson

    def _string(self, index: int) -> tuple[YScalar, int]:
        line, col = self.line_col(index)
        try:
            value, end = scanstring(self.text, index + 1, True)
        except ValueError:
            raise NotJson from None
        node = YScalar(self.path, line, col, value, "str", True)
        lone = _LONE_SURROGATE.search(value)
        if lone:
            self.problems.append(
                node.problem(
                    f"the text holds half of an escaped character (\\u{ord(lone.group()):04x} without its "
                    "pair); write the character itself, or both halves of its escape"
                )
            )
        return node, end

    def _array(self, node: YSeq, index: int, depth: int) -> int:
        index = self.skip(index)
        if self.text.startswith("]", index):
            return index + 1
        while True:
            child, index = self.value(self.skip(index), depth)
            node.items.append(child)
            index = self.skip(index)
            if self.text.startswith(",", index):
                index += 1
            elif self.text.startswith("]", index):
                return index + 1
            else:
                raise NotJson

    def _object(self, node: YMap, index: int, depth: int) -> int:
        index = self.skip(index)
        if self.text.startswith("}", index):
            return index + 1
        while True:
            index = self.skip(index)
            if not self.text.startswith('"', index):
                raise NotJson
            key, index = self._string(index)
            index = self.skip(index)
            if not self.text.startswith(":", index):
                raise NotJson
            child, index = self.value(self.skip(index + 1), depth)
            if key.text in node.items:
                first = node.items[key.text][0]
                self.problems.append(
                    key.problem(
                        f"the key '{key.text}' appears twice in the same place (first at line {first.line}); keep one"
                    )
                )
            else:
                node.items[key.text] = (key, child)
            index = self.skip(index)
            if self.text.startswith(",", index):
                index += 1
            elif self.text.startswith("}", index):
                return index + 1
            else:
                raise NotJson


def read_json(path: str, text: str) -> tuple[YNode | None, list[Problem]]:
    """The document's tree and its problems; NotJson when the text is not JSON at all."""
    reader = _Reader(path, text)
    try:
        root, end = reader.value(reader.skip(0), 0)
    except _TooDeep as exc:
        return None, [exc.node.problem(f"the file is nested more than {MAX_DEPTH} levels deep")]
    except RecursionError:  # cannot happen below MAX_DEPTH; kept so no traceback ever shows
        raise NotJson from None
    if reader.skip(end) != len(text):
        raise NotJson
    return root, reader.problems
