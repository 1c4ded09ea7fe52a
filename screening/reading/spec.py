"""The spec language: a document's shape declared once, checked with positioned problems.

Rule files (screening.ruleset.schema), record documents and the settings file are declared in
it, and the JSON Schema for editors is generated from the same declarations.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from screening.problems import Problem
from screening.reading.yamlsafe import Pos, YMap, YNode, YScalar, YSeq, date_of

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
_ID_RE = re.compile(ID_PATTERN)
MAX_TEXT = 4000

_KIND_WORDS = {
    "bool": "a yes/no value",
    "int": "a number",
    "float": "a number",
    "null": "empty",
    "timestamp": "a date or time",
}


@dataclass
class Item:
    """A checked mapping: its values and where each one was written."""

    values: dict[str, Any]
    node: YNode
    field_nodes: dict[str, YNode] = field(default_factory=dict)

    @property
    def pos(self) -> Pos:
        return self.node.pos

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def where(self, key: str) -> Pos:
        node = self.field_nodes.get(key)
        return node.pos if node is not None else self.pos


class Spec:
    description = ""

    def check(self, node: YNode, problems: list[Problem], name: str) -> Any:
        raise NotImplementedError

    def json(self) -> dict[str, Any]:
        raise NotImplementedError


def _scalar(node: YNode, problems: list[Problem], name: str, wanted: str) -> YScalar | None:
    if isinstance(node, YScalar):
        return node
    shape = "a list" if isinstance(node, YSeq) else "a set of keys"
    problems.append(node.pos.problem(f"'{name}' should be {wanted}, but it is {shape}"))
    return None


@dataclass
class Text(Spec):
    description: str = ""
    allow_empty: bool = False
    strip: bool = True  # rule text is tidied; a practitioner's words are kept exactly
    max_length: int = MAX_TEXT

    def check(self, node: YNode, problems: list[Problem], name: str) -> str | None:
        scalar = _scalar(node, problems, name, "text")
        if scalar is None:
            return None
        if scalar.kind == "null" and not scalar.quoted:
            if self.allow_empty:
                return ""
            problems.append(scalar.pos.problem(f"'{name}' is empty; write the text, or remove the line"))
            return None
        if scalar.kind != "str":
            what = _KIND_WORDS.get(scalar.kind, scalar.kind)
            problems.append(
                scalar.pos.problem(
                    f"'{name}' should be text, but YAML reads {scalar.text!r} as {what}; "
                    f'put it in quotes: "{scalar.text}"'
                )
            )
            return None
        text = scalar.text.strip() if self.strip else scalar.text
        if not text.strip() and not self.allow_empty:
            problems.append(scalar.pos.problem(f"'{name}' is empty; write the text, or remove the line"))
            return None
        if len(text) > self.max_length:
            problems.append(
                scalar.pos.problem(f"'{name}' is longer than {self.max_length} characters; shorten it")
            )
            return None
        return text

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string", "maxLength": self.max_length}
        if not self.allow_empty:
            out["minLength"] = 1
        if self.description:
            out["description"] = self.description
        return out


@dataclass
class Id(Text):
    def check(self, node: YNode, problems: list[Problem], name: str) -> str | None:
        text = super().check(node, problems, name)
        if text is not None and not _ID_RE.match(text):
            problems.append(
                node.pos.problem(
                    f"'{name}' {text!r} is not a valid id; use lower-case letters, digits, '-', '_' "
                    "or '.', starting with a letter or digit"
                )
            )
            return None
        return text

    def json(self) -> dict[str, Any]:
        out = {"type": "string", "pattern": ID_PATTERN}
        if self.description:
            out["description"] = self.description
        return out


@dataclass
class Enum(Spec):
    choices: tuple[str, ...] = ()
    description: str = ""

    def check(self, node: YNode, problems: list[Problem], name: str) -> str | None:
        scalar = _scalar(node, problems, name, "one of " + ", ".join(self.choices))
        if scalar is None:
            return None
        if scalar.text not in self.choices:
            problems.append(
                scalar.pos.problem(
                    f"'{name}' is {scalar.text!r}; it must be one of: {', '.join(self.choices)}"
                    + _did_you_mean(scalar.text, self.choices)
                )
            )
            return None
        return scalar.text

    def json(self) -> dict[str, Any]:
        return {"enum": list(self.choices), "description": self.description}


@dataclass
class Int(Spec):
    low: int = 0
    high: int = 10**6
    description: str = ""

    def check(self, node: YNode, problems: list[Problem], name: str) -> int | None:
        scalar = _scalar(node, problems, name, "a whole number")
        if scalar is None:
            return None
        trap = _number_trap(scalar)
        if trap:
            problems.append(scalar.pos.problem(f"'{name}' should be a whole number, but it is {scalar.text!r}: {trap}"))
            return None
        try:
            # YAML calls some texts numbers that do not make one, such as 0b_ or 0x_
            value = int(scalar.value()) if scalar.kind == "int" else None
        except ValueError:
            value = None
        if value is None:
            hint = " (without quotes)" if scalar.kind == "str" and scalar.text.strip().isdigit() else ""
            problems.append(
                scalar.pos.problem(f"'{name}' should be a whole number{hint}, but it is {scalar.text!r}")
            )
            return None
        if not self.low <= value <= self.high:
            problems.append(
                scalar.pos.problem(f"'{name}' is {value}; it must be from {self.low} to {self.high}")
            )
            return None
        return value

    def json(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.low, "maximum": self.high, "description": self.description}


@dataclass
class Num(Spec):
    """A decimal number within bounds (a weight, not a count)."""

    low: float = -1e6
    high: float = 1e6
    description: str = ""

    def check(self, node: YNode, problems: list[Problem], name: str) -> float | None:
        scalar = _scalar(node, problems, name, "a number")
        if scalar is None:
            return None
        text = scalar.text.strip()
        if scalar.quoted or not _NUMBER.fullmatch(text):
            plain = _plain_decimal(text)
            if scalar.quoted and plain:
                why = f"it is in quotes, so it reads as text: write {plain} without quotes"
            elif plain:
                why = f"it is {_shown(text)}: write {plain}"
            else:
                why = f"it is {_shown(text)}"
            problems.append(scalar.pos.problem(f"'{name}' should be a number such as 0.25 or -1.5, but {why}"))
            return None
        value = float(text)
        if not self.low <= value <= self.high:
            problems.append(
                scalar.pos.problem(f"'{name}' is {_shown(text)[1:-1]}; it must be from {self.low:g} to {self.high:g}")
            )
            return None
        return value

    def json(self) -> dict[str, Any]:
        return {"type": "number", "minimum": self.low, "maximum": self.high, "description": self.description}


_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_LOOSE_NUMBER = re.compile(r"[+-]?(?:[0-9]+[.,]?[0-9]*|[.,][0-9]+)")


def _plain_decimal(text: str) -> str:
    """The plain way to write a number YAML or a person wrote loosely ('.5', '1.', '+1', '007', '1,5'); or ''."""
    if not _LOOSE_NUMBER.fullmatch(text) or len(text) > 40:
        return ""
    value = float(text.replace(",", ".").lstrip("+"))
    plain = f"{value:.12f}".rstrip("0").rstrip(".")
    return "0" if plain in ("", "-0") else plain


def _shown(text: str) -> str:
    """A value quoted for a message, cut short if it is very long."""
    return repr(text if len(text) <= 40 else text[:37] + "...")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)")


def _number_trap(scalar: YScalar) -> str:
    """Why a plain number is not plain decimal digits (YAML 1.1 reads 014 as 12), with the fix; or ''."""
    text = scalar.text.strip()
    if scalar.quoted or _DECIMAL.fullmatch(text):
        return ""
    sign = "-" if text.startswith("-") else ""
    body = text.lstrip("+-")
    if re.fullmatch(r"0[0-9_]+", body) and body.replace("_", "").isdigit():
        return f"a number must not start with 0; write {sign}{int(body.replace('_', ''))}"
    if re.fullmatch(r"[0-9][0-9_]*", body):
        digits = body.replace("_", "")
        return f"write the number in digits only, without '_' or '+': write {sign}{int(digits) if digits else 0}"
    if re.fullmatch(r"0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+", body):
        return "write the number in ordinary decimal digits, such as 14"
    if re.fullmatch(r"[0-9][0-9_]*(:[0-5]?[0-9])+", body):
        return "YAML reads numbers with ':' as minutes and seconds; write a single whole number, such as 14"
    return ""


@dataclass
class Bool(Spec):
    description: str = ""

    def check(self, node: YNode, problems: list[Problem], name: str) -> bool | None:
        scalar = _scalar(node, problems, name, "true or false")
        if scalar is None:
            return None
        if scalar.kind != "bool" or scalar.text.lower() not in ("true", "false"):
            problems.append(scalar.pos.problem(f"'{name}' should be true or false, but it is {scalar.text!r}"))
            return None
        return bool(scalar.value())

    def json(self) -> dict[str, Any]:
        return {"type": "boolean", "description": self.description}


@dataclass
class DateTime(Spec):
    """An ISO 8601 date and time, kept as the text it was written as."""

    description: str = ""

    def check(self, node: YNode, problems: list[Problem], name: str) -> str | None:
        scalar = _scalar(node, problems, name, "a date and time")
        if scalar is None:
            return None
        try:
            dt.datetime.fromisoformat(scalar.text.strip())
        except ValueError:
            problems.append(
                scalar.pos.problem(f"'{name}' should be a date and time such as 2026-11-20T14:05:00+00:00")
            )
            return None
        return scalar.text.strip()

    def json(self) -> dict[str, Any]:
        return {"type": "string", "format": "date-time", "description": self.description}


@dataclass
class Date(Spec):
    description: str = ""

    def check(self, node: YNode, problems: list[Problem], name: str) -> dt.date | None:
        scalar = _scalar(node, problems, name, "a date")
        if scalar is None:
            return None
        value = date_of(scalar)
        if value is None:
            problems.append(
                scalar.pos.problem(f"'{name}' should be a date written as YYYY-MM-DD, but it is {scalar.text!r}")
            )
        return value

    def json(self) -> dict[str, Any]:
        return {"type": "string", "format": "date", "description": self.description}


@dataclass
class ListOf(Spec):
    item: Spec = field(default_factory=Text)
    min_items: int = 0
    description: str = ""

    def check(self, node: YNode, problems: list[Problem], name: str) -> list[Any] | None:
        if not isinstance(node, YSeq):
            if isinstance(node, YScalar) and node.kind == "null" and self.min_items == 0:
                return []
            problems.append(node.pos.problem(f"'{name}' should be a list (lines starting with '- ')"))
            return None
        if len(node.items) < self.min_items:
            problems.append(node.pos.problem(f"'{name}' needs at least {self.min_items} item(s)"))
        out = []
        for child in node.items:
            value = self.item.check(child, problems, name)
            if value is not None:
                out.append(value)
        return out

    def json(self) -> dict[str, Any]:
        out = {"type": "array", "items": self.item.json(), "minItems": self.min_items}
        if self.description:
            out["description"] = self.description
        return out


@dataclass
class Obj(Spec):
    fields: dict[str, Spec] = field(default_factory=dict)
    optional: frozenset[str] = frozenset()
    exactly_one_of: frozenset[str] = frozenset()
    description: str = ""

    def check(self, node: YNode, problems: list[Problem], name: str) -> Item | None:
        if not isinstance(node, YMap):
            keys = ", ".join(self.fields)
            problems.append(node.pos.problem(f"'{name}' should be a set of keys ({keys})"))
            return None
        item = Item({}, node)
        ok = True
        for key, (key_node, child) in node.items.items():
            spec = self.fields.get(key)
            if spec is None:
                # reported, but the rest of the item still counts, so one typo does not cascade
                problems.append(
                    key_node.pos.problem(f"unknown key '{key}' in '{name}'" + _did_you_mean(key, self.fields))
                )
                continue
            value = spec.check(child, problems, key)
            item.field_nodes[key] = child
            if value is None:
                ok = False
            else:
                item.values[key] = value
        required = [k for k in self.fields if k not in self.optional and k not in self.exactly_one_of]
        missing = [k for k in required if k not in node.items]
        if missing:
            problems.append(node.pos.problem(f"'{name}' is missing: {', '.join(missing)}"))
            ok = False
        if self.exactly_one_of:
            present = [k for k in self.exactly_one_of if k in node.items]
            if len(present) != 1:
                choices = " or ".join(sorted(self.exactly_one_of))
                problems.append(node.pos.problem(f"'{name}' needs exactly one of {choices}"))
                ok = False
        return item if ok else None

    def json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {k: v.json() for k, v in self.fields.items()},
            "required": [k for k in self.fields if k not in self.optional and k not in self.exactly_one_of],
        }
        if self.exactly_one_of:
            out["oneOf"] = [{"required": [k]} for k in sorted(self.exactly_one_of)]
        if self.description:
            out["description"] = self.description
        return out


@dataclass
class MapOf(Spec):
    """A mapping from ids (for example role ids) to values of one shape."""

    value: Spec = field(default_factory=Text)
    description: str = ""
    key_is: str = "role"  # what each key names, for the message
    key_pattern: str = ID_PATTERN
    key_rule: str = "is not a valid id"  # said of a key that does not match key_pattern

    def check(self, node: YNode, problems: list[Problem], name: str) -> Item | None:
        if not isinstance(node, YMap):
            problems.append(node.pos.problem(f"'{name}' should be a set of keys, one for each {self.key_is}"))
            return None
        item = Item({}, node)
        for key, (key_node, child) in node.items.items():
            if not re.match(self.key_pattern, key):
                problems.append(key_node.pos.problem(f"'{key}' {self.key_rule}"))
                continue
            value = self.value.check(child, problems, key)
            item.field_nodes[key] = child
            if value is not None:
                item.values[key] = value
        return item

    def json(self) -> dict[str, Any]:
        return {
            "type": "object",
            "propertyNames": {"pattern": self.key_pattern},
            "additionalProperties": self.value.json(),
            "description": self.description,
        }


def closest(word: str, choices: Any) -> str | None:
    """The choice a typo most likely meant, if any is close enough."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def _did_you_mean(word: str, choices: Any) -> str:
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""
