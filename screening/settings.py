"""Local settings: who is using the app and the local safeguarding contacts.

They live in ``settings.yaml`` in the config folder (``SCREENING_CONFIG_DIR`` overrides it), a
commented YAML file a person can edit by hand. Reading never raises: a missing file gives the
defaults, a bad one gives the defaults for the bad parts and every problem as
``path:line:col: message``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import yaml

from screening.fileio import atomic_write_text
from screening.problems import Problem
from screening.reading.spec import ID_PATTERN, Bool, Enum, Int, Obj, Spec, Text, _did_you_mean
from screening.reading.yamlsafe import YMap, YScalar, read_bytes
from screening.records.document import Referrer

PAPER_SIZES = ("A4", "Letter")
MAX_SETTING = 2000  # characters in one setting
MAX_LOCK_MINUTES = 240
LOCK_MINUTES_SHARED = 5  # the idle lock when lock_after_minutes is 0 (automatic)
LOCK_MINUTES_OWN = 15
_ID_RE = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class Settings:
    role: str = ""  # the user's remembered role id
    practitioner_name: str = ""
    organisation: str = ""
    referrer_role: str = ""
    referrer_phone: str = ""
    referrer_email: str = ""
    mash_phone: str = ""
    mash_online_form: str = ""
    consultation_line: str = ""
    lado: str = ""
    police_non_emergency: str = "101"
    police_emergency: str = "999"
    retention_note: str = ""
    paper_size: str = "A4"  # one of PAPER_SIZES
    window_geometry: str = ""  # the app's last window, "WIDTHxHEIGHT+X+Y" (no names, unlike QSettings files)
    shared_computer: bool = False  # a family or shared computer: the records must be encrypted
    lock_after_minutes: int = 0  # 0: automatic (LOCK_MINUTES_SHARED or LOCK_MINUTES_OWN)

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)


# What each setting is, in words: the comments written into the file and the labels in the app.
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "role": ("Your role", "Your role id from the rule set, remembered between screenings (e.g. teacher)."),
    "practitioner_name": ("Your name", "Your name, used as the referrer when a record has none."),
    "organisation": ("Your organisation", "Your school, service or organisation."),
    "referrer_role": ("Your job title", "Your job title, e.g. Designated safeguarding lead."),
    "referrer_phone": ("Your phone", "A phone number the MASH can call you back on."),
    "referrer_email": ("Your email", "An email address the MASH can reach you on (a secure one if you have it)."),
    "mash_phone": ("MASH phone", "Your local MASH (front door) phone number."),
    "mash_online_form": ("MASH online form", "The address of your local MASH online referral form."),
    "consultation_line": ("Consultation line", "Your local safeguarding consultation or advice line."),
    "lado": ("LADO", "Your Local Authority Designated Officer (LADO): concerns about adults working with children."),
    "police_non_emergency": ("Police (non-emergency)", "The police non-emergency number."),
    "police_emergency": ("Police (emergency)", "The emergency number."),
    "retention_note": (
        "Retention note", "How long printed summaries are kept and how they are destroyed (printed on each summary)."
    ),
    "paper_size": ("Paper size", "Paper size for printed summaries: A4 or Letter."),
    "window_geometry": ("Window size", "The app window's last size and place, as WIDTHxHEIGHT+X+Y (set by the app)."),
    "shared_computer": (
        "Shared computer",
        "true when other people use this computer (a family or shared computer): the records must then be "
        "encrypted with a passphrase.",
    ),
    "lock_after_minutes": (
        "Lock after (minutes)",
        f"The app locks after this many minutes without use when the records are encrypted; 0 means "
        f"{LOCK_MINUTES_SHARED} on a shared computer and {LOCK_MINUTES_OWN} otherwise.",
    ),
}


def idle_lock_minutes(settings: Settings) -> int:
    """Minutes without use before the app locks (the setting, or the default for the computer)."""
    if settings.lock_after_minutes > 0:
        return settings.lock_after_minutes
    return LOCK_MINUTES_SHARED if settings.shared_computer else LOCK_MINUTES_OWN


SHARED_PLAIN = (
    "This computer is set as shared, so the saved records must be encrypted with a passphrase before they "
    "are opened, and they are not encrypted yet"
)


SHARED_UNREADABLE = (
    "until 'shared_computer' can be read, this computer is treated as shared, so plain (unencrypted) records "
    "are not opened; write shared_computer: true or shared_computer: false"
)


FILE_UNREADABLE = (
    "none of the settings in this file could be used, so the defaults are used until it is fixed, and this "
    "computer is treated as shared (plain records are not opened). The app does not write over this file: fix "
    "it (see the line above), or choose your settings again in Settings"
)


def _treated_as_shared(name: str, problems: list[Problem]) -> tuple[Settings, list[Problem]]:
    """A settings file that exists but cannot be read: the defaults, except that the computer counts as
    shared, because whether it is shared cannot be known (the records rule fails closed)."""
    return Settings(shared_computer=True), [*problems, Problem(name, 1, 1, FILE_UNREADABLE)]


def settings_problems_intro(problems: list[Problem]) -> str:
    """The sentence over a list of settings problems: whether the file was used at all."""
    if any(p.message == FILE_UNREADABLE for p in problems):
        return "Your settings file could not be read, so none of your settings are used until it is fixed:"
    return "Some of your settings could not be read; the defaults are used for those, and the rest are kept:"


def save_if_readable(settings: Settings, path: str | os.PathLike[str] | None = None) -> bool:
    """Save settings the app keeps on its own (the window's place, the role, the referrer details),
    but never over a settings file that has problems: that file is the user's to fix, and writing
    the defaults over it would lose what they wrote. True when saved."""
    target = Path(path) if path is not None else settings_path()
    if target.exists() or target.is_symlink():
        _, problems = load_settings(target)
        if problems:
            return False
    save_settings(settings, target)
    return True


def encryption_required(settings: Settings, store_is_encrypted: bool) -> str | None:
    """Why plain records may not be opened here, or None when they may: the one rule for the app
    and the command line (a shared computer's records are encrypted first). Each adds how to do it."""
    if settings.shared_computer and not store_is_encrypted:
        return SHARED_PLAIN
    return None


def _spec(name: str) -> Spec:
    description = DESCRIPTIONS[name][1]
    if name == "paper_size":
        return Enum(PAPER_SIZES, description=description)
    if name == "shared_computer":
        return Bool(description=description)
    if name == "lock_after_minutes":
        return Int(low=0, high=MAX_LOCK_MINUTES, description=description)
    return Text(allow_empty=True, description=description, max_length=MAX_SETTING)


_FIELDS: dict[str, Spec] = {f.name: _spec(f.name) for f in fields(Settings)}
SETTINGS_SPEC = Obj(_FIELDS, optional=frozenset(_FIELDS), description="Local settings.")

_HEADER = """\
# Settings for the harmful sexual behaviour screening tool.
#
# You can edit this file by hand, or in the app (Settings). Keep the layout `key: value`.
# Put a value in quotes if it starts with 0 or + (phone numbers) or contains ': ' or '#'.
# An empty value is written as "". Unknown keys are reported and ignored.
# This file stays on this computer; the contact details are printed on referral summaries.
"""


def settings_path() -> Path:
    from screening.paths import config_dir

    return config_dir() / "settings.yaml"


def load_settings(path: str | os.PathLike[str] | None = None) -> tuple[Settings, list[Problem]]:
    """The settings and every problem found in the file. Never raises."""
    try:
        target = Path(path) if path is not None else settings_path()
    except OSError as exc:  # the config folder cannot be made
        return Settings(), [Problem("settings.yaml", 0, 0, f"cannot use the settings folder: {exc.strerror or exc}")]
    name = str(target)
    from screening.fileio import NotReadable, read_limited
    from screening.reading.yamlsafe import MAX_FILE_BYTES

    try:
        data = read_limited(target, MAX_FILE_BYTES, "settings file")
    except FileNotFoundError:
        return Settings(), []
    except NotReadable as exc:
        return _treated_as_shared(name, [Problem(name, 0, 0, f"cannot read the settings file: {exc}")])
    tree, problems = read_bytes(name, data, kind="settings file")
    unsure = bool(problems)  # the file could not be read whole: what it says about sharing is not known
    if tree is None and problems:
        return _treated_as_shared(name, problems)
    if tree is None or (isinstance(tree, YScalar) and tree.kind == "null"):
        return Settings(), problems  # empty file: the defaults
    if not isinstance(tree, YMap):
        problems.append(tree.pos.problem("the settings should be a set of keys such as 'mash_phone: ...'"))
        return _treated_as_shared(name, problems)
    values: dict[str, Any] = {}
    for key, (key_pos, node) in tree.items.items():
        spec = _FIELDS.get(key)
        if spec is None:
            problems.append(key_pos.problem(f"unknown setting '{key}'; it is ignored" + _did_you_mean(key, _FIELDS)))
            continue
        value = spec.check(node, problems, key)
        if value is None and key == "shared_computer":
            values[key] = True  # unreadable: fail closed, and say so
            problems.append(node.pos.problem(SHARED_UNREADABLE))
            continue
        if value is None:
            continue  # the problem is recorded; the default stands
        if key == "role" and value and not _ID_RE.match(value):
            problems.append(node.pos.problem(f"'role' {value!r} is not a role id such as teacher or foster_carer"))
            continue
        values[key] = value
    if unsure and "shared_computer" not in values:
        return Settings(**{**values, "shared_computer": True}), [*problems, Problem(name, 1, 1, FILE_UNREADABLE)]
    return Settings(**values), problems


class _Dumper(yaml.SafeDumper):
    """Safe dumping, with several-line text as a readable ``|`` block."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def settings_yaml(settings: Settings) -> str:
    """The settings as commented YAML, one key per line, that load_settings reads back exactly."""
    lines = [_HEADER]
    for f in fields(Settings):
        value = getattr(settings, f.name)
        lines.append(f"# {DESCRIPTIONS[f.name][1]}")
        dumped = yaml.dump(
            {f.name: value}, Dumper=_Dumper, allow_unicode=True, default_flow_style=False, width=float("inf")
        )
        if isinstance(value, str) and value == "":
            dumped = f'{f.name}: ""\n'
        lines.append(dumped)
    return "\n".join(lines)


def save_settings(settings: Settings, path: str | os.PathLike[str] | None = None) -> Path:
    """Write the settings atomically, readable only by this user (0600). Returns the path."""
    target = Path(path) if path is not None else settings_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, settings_yaml(settings), mode=0o600)
    return target


def referrer_from(settings: Settings) -> Referrer:
    """The referrer details a new record starts with: the user's own, from the settings."""
    return Referrer(
        name=settings.practitioner_name,
        role=settings.referrer_role,
        organisation=settings.organisation,
        phone=settings.referrer_phone,
        email=settings.referrer_email,
    )


def remember_referrer(settings: Settings, referrer: Referrer) -> Settings:
    """The settings with the referrer details typed in a saved record, so the next one offers them.

    Only what was typed (non-blank) is kept; nothing typed is never a reason to forget. The name
    is kept only when none is set: it is also the author of audit rows and addenda, which a
    referral made for a colleague must not change. Returns ``settings`` itself when nothing is new.
    Call it only for a record saved in the store (never guidance only or training).
    """
    changes: dict[str, str] = {}
    for field, value in (
        ("referrer_role", referrer.role),
        ("organisation", referrer.organisation),
        ("referrer_phone", referrer.phone),
        ("referrer_email", referrer.email),
    ):
        if value.strip() and value.strip() != getattr(settings, field):
            changes[field] = value.strip()
    if referrer.name.strip() and not settings.practitioner_name.strip():
        changes["practitioner_name"] = referrer.name.strip()
    return settings.with_changes(**changes) if changes else settings


# What a referral summary needs from the local settings: one of each group must be set.
REFERRAL_NEEDS: tuple[tuple[str, ...], ...] = (("mash_phone", "mash_online_form"), ("lado",), ("consultation_line",))


def missing_for_referral(settings: Settings) -> list[str]:
    """The labels of the contacts a referral summary needs that are not set (empty when ready)."""
    missing = []
    for group in REFERRAL_NEEDS:
        if not any(str(getattr(settings, key, "")).strip() for key in group):
            missing.append(" or ".join(DESCRIPTIONS[key][0] for key in group))
    return missing
