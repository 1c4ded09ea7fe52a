"""The printed guide: a cover, how to use it, a page (or spread) per age band, glossary, sources.

``--paper A3`` is poster mode: each band on one page (shrunk only as far as it must), to pin on a wall.
``audience="carer"`` makes the carers' leaflet instead (screening.documents.leaflet). Every page
carries the 999 line, "Page N of M", and the DRAFT mark while the set is not approved.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from screening.documents import guide_parts as parts
from screening.documents.guide_words import glossary_for
from screening.documents.pdf import MM, PAPERS, write_document
from screening.problems import Problem, ProblemsError
from screening.ruleset.approval import approval_status, long_date, review_status
from screening.ruleset.model import AgeBand, RuleSet
from screening.texts import DISCLAIMER, EMERGENCY_LINE

AUDIENCES = ("practitioner", "carer")
TITLE = "Screening guide: children's sexual behaviour"


class GuideError(ProblemsError):
    """The options do not fit the rule set (an unknown role or band)."""


@dataclass(frozen=True)
class GuideOptions:
    role: str | None = None  # None: every role
    band: str | None = None  # None: every band
    paper: str = "A4"  # A4 | A3 (poster: one band per page) | letter
    audience: str = "practitioner"  # practitioner | carer

    @property
    def poster(self) -> bool:
        return self.paper == "A3"


def option_problems(ruleset: RuleSet, options: GuideOptions) -> list[Problem]:
    """Why these options cannot make a guide from this rule set (empty when they can)."""
    where = "the guide options"
    problems = []
    for kind, value, what, ids in (
        ("role", options.role, "role", [r.id for r in ruleset.roles]),
        ("band", options.band, "age band", [b.id for b in ruleset.age_bands]),
    ):
        if value is not None and not ruleset.has(kind, value):
            problems.append(Problem(where, 0, 0, f"the rule set has no {what} '{value}'; the choices are: "
                                    + ", ".join(ids)))
    if options.paper not in PAPERS:
        problems.append(Problem(where, 0, 0, f"the paper '{options.paper}' is not one of: {', '.join(PAPERS)}"))
    if options.audience not in AUDIENCES:
        problems.append(Problem(where, 0, 0, f"the audience '{options.audience}' is not one of: "
                                + ", ".join(AUDIENCES)))
    return problems


def page_info(ruleset: RuleSet, header: str) -> Any:
    """The shared furniture for the guide and the leaflet: the 999 line, the rule set, the DRAFT mark."""
    from screening.documents.pdf.page import ruleset_page_info

    return ruleset_page_info(ruleset, header)


def build_pages(story: Callable[[float, float], list[Any]], paper: str, header: str, ruleset: RuleSet, *,
                title: str, invariant: bool) -> bytes:
    """``story(frame width, frame height)`` laid out on ``paper`` with the guide's furniture."""
    from screening.documents.pdf.page import Layout, build_pdf, page_size

    info = page_info(ruleset, header)
    layout = Layout.fit(page_size(paper), info, margin=14 * MM)
    return build_pdf(story(layout.frame_width, layout.frame_height), layout, info, title=title,
                     invariant=invariant)


def bands_of(ruleset: RuleSet, options: GuideOptions) -> tuple[AgeBand, ...]:
    return (ruleset.band(options.band),) if options.band else ruleset.age_bands


def identity_table(ruleset: RuleSet, st: dict[str, Any], width: float, today: dt.date) -> Any:
    """Version, status, approval, review, licence and SHA-256: which copy of the guide this is."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    info = ruleset.info
    rows = [
        ("Version", info.version),
        ("Status", approval_status(info)),
        ("Approved by", info.approved_by or "Not approved"),
        ("Date approved", long_date(info.approved_on) if info.approved_on else "Not approved"),
        ("Review date", review_status(info, today)),
        ("Published by", info.publisher),
        ("Licence", info.licence),
        ("SHA-256 of the rule files", ruleset.sha256),
        ("Rule set id", info.id),
    ]
    data = [[parts.para(label, st, "CellBold"), parts.para(value, st)] for label, value in rows]
    table = Table(data, colWidths=[45 * MM, width - 45 * MM])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("BACKGROUND", (0, 0), (0, -1), colors.HexColor(parts.GREY))]))
    return table


class _Guide:
    def __init__(self, ruleset: RuleSet, options: GuideOptions, width: float, height: float, today: dt.date) -> None:
        self.ruleset, self.options, self.today = ruleset, options, today
        self.width, self.height = width, height  # the frame
        self.st = parts.styles()
        self.roles = [options.role] if options.role else [r.id for r in ruleset.roles]

    def p(self, text: str, style: str = "Body") -> Any:
        return parts.para(text, self.st, style)

    def story(self) -> list[Any]:
        from reportlab.platypus import PageBreak

        out = [*self.cover(), PageBreak(), *self.how_to()]
        for band in bands_of(self.ruleset, self.options):
            out += [PageBreak(), *self.band_page(band)]
        if not self.options.role and not self.options.poster:
            out += [PageBreak(), *self.steps_for_every_role()]
        out += [PageBreak(), *self.glossary_and_sources()]
        return out

    def cover(self) -> list[Any]:
        from reportlab.platypus import Spacer

        info = self.ruleset.info
        who = self.ruleset.role(self.options.role).label if self.options.role else "every role"
        band = f" · ages {self.ruleset.band(self.options.band).label}" if self.options.band else ""
        out = [
            Spacer(1, 8 * MM),
            self.p(info.title, "Title"),
            self.p(f"The printed guide, for {who}{band}", "Subtitle"),
            parts.emergency_box(EMERGENCY_LINE, self.st, self.width, DISCLAIMER),
            Spacer(1, 6 * MM),
            parts.boxed([self.p(approval_status(info), "Status")], self.width, line=1.2),
            Spacer(1, 5 * MM),
            identity_table(self.ruleset, self.st, self.width, self.today),
        ]
        if info.description:
            out += [Spacer(1, 5 * MM), self.p(info.description, "Cell")]
        out += [Spacer(1, 4 * MM), self.p(
            f"Printed on {long_date(self.today)}. Check the version and the SHA-256 against the rule set your "
            "safeguarding partnership approved: old printed copies go out of date.", "SmallItalic")]
        return out

    def how_to(self) -> list[Any]:
        from reportlab.platypus import Paragraph, Spacer

        st = self.st
        out = [
            parts.emergency_box(EMERGENCY_LINE, st, self.width),
            Spacer(1, 4 * MM),
            self.p("How to use this guide", "H1"),
        ]
        steps = (
            ("Identify", "Find the child's age band (by developmental age for a child with a learning disability or "
                         "developmental delay; where two bands meet, read both). Find the behaviour you saw or "
                         "heard about, or the nearest one, in the columns."),
            ("Understand", "Ask the context questions. A yes can raise the level, never lower it. A behaviour that "
                           "is not listed still gets its level from the questions."),
            ("Respond", "Do what the page says for that colour and your role. Write down what you saw and heard, "
                        "with the date and the child's own words. Your professional judgement and your local "
                        "safeguarding procedures decide; record why if you differ from the guide."),
        )
        for n, (head, text) in enumerate(steps, start=1):
            out.append(Paragraph(f"<b>{n}. {head}.</b> {parts.esc(text)}", st["Body"]))
            out.append(Spacer(1, 2 * MM))
        out += [self.p("The colours", "H2"),
                self.p("Each colour is printed with its word and its own shape, so the guide reads the same in "
                       "black and white.", "Cell"),
                Spacer(1, 2 * MM),
                parts.key_table(self.ruleset, st, self.width),
                self.p("The context questions, and why each matters", "H2"),
                self.p("Every band's page lists these questions and what a yes does. Here is why each one matters.",
                       "Cell"),
                Spacer(1, 2 * MM),
                parts.question_table(self.ruleset, st, self.width, explain=True)]
        return out

    def band_content(self, band: AgeBand, scale: float) -> list[Any]:
        from reportlab.platypus import Spacer

        st = parts.styles(scale) if scale != 1.0 else self.st
        ruleset = self.ruleset
        out = [parts.para(f"Ages {band.label}", st, "H1"), parts.para(band.development, st, "Small")]
        if band.note:
            out.append(parts.para(band.note, st, "SmallItalic"))
        out.append(Spacer(1, 3 * MM))
        columns = parts.behaviour_columns(ruleset, band.id, st, scale, meanings=not self.options.poster)
        if not self.options.poster:
            return [*out, columns, *self.respond(st, self.width, scale)]
        # the poster: behaviours across the top; the questions and what to do side by side below
        def halves(width: float) -> tuple[list[Any], list[Any]]:
            questions, todo = self.respond(st, width, scale, split=True)
            return questions, todo

        return [*out, columns, parts.side_by_side(halves)]

    def respond(self, st: dict[str, Any], width: float, scale: float, split: bool = False) -> list[Any]:
        ruleset = self.ruleset
        role = ruleset.role(self.options.role).label if self.options.role else None
        title = f"What to do: {role}" if role else "What to do, for each role"
        if not role and not self.options.poster:
            title += " (the steps for each role are at the end)"
        questions = [parts.para("Context questions: what a yes does", st, "H2"),
                     parts.question_table(ruleset, st, width)]
        table = parts.guidance_by_colour if split else parts.guidance_table
        todo = [parts.para(title, st, "H2"), table(ruleset, self.roles, st, width, summary_only=role is None,
                                                    scale=scale)]
        return [questions, todo] if split else [*questions, *todo]

    def band_page(self, band: AgeBand) -> list[Any]:
        if not self.options.poster:
            return self.band_content(band, 1.0)
        from reportlab.platypus import KeepInFrame

        # one band per page: drawn large, and shrunk only as far as it must to fit
        return [KeepInFrame(self.width, self.height - 1, self.band_content(band, 1.2), mode="shrink")]

    def steps_for_every_role(self) -> list[Any]:
        out = [self.p("What to do, step by step, for each role", "H1")]
        for role in self.ruleset.roles:
            out += [self.p(role.label, "H2"),
                    parts.guidance_table(self.ruleset, [role.id], self.st, self.width, summary_only=False)]
        return out

    def glossary_and_sources(self) -> list[Any]:
        from reportlab.platypus import Paragraph

        st, ruleset = self.st, self.ruleset
        text = " ".join([*(b.text for b in ruleset.behaviours), *(f.question for f in ruleset.context_factors),
                         *(c.meaning for c in ruleset.categories),
                         *(g.summary + " ".join(g.steps) for c in ruleset.categories for g in c.guidance.values())])
        out = [self.p("Words used in this guide", "H1")]
        for term in glossary_for(text):
            out.append(Paragraph(f"<b>{parts.esc(term.term)}</b>: {parts.esc(term.meaning)}", st["Cell"]))
        for role in ruleset.roles:
            if role.description:
                out.append(Paragraph(f"<b>{parts.esc(role.label)}</b>: {parts.esc(role.description)}", st["Cell"]))
        out.append(self.p("Sources", "H1"))
        for n, source in enumerate(ruleset.info.sources, start=1):
            line = f"<b>{parts.esc(source.title)}</b>"
            if source.url:
                line += f"<br/>{parts.esc(source.url)}"
            if source.note:
                line += f"<br/>{parts.esc(source.note)}"
            out.append(Paragraph(line, st["Item"], bulletText=f"{n}."))
        return out


def build_guide_pdf(ruleset: RuleSet, options: GuideOptions = GuideOptions(), *, today: dt.date | None = None,
                    invariant: bool = False) -> bytes:
    """The guide (or, for ``audience="carer"``, the carers' leaflet) as PDF bytes."""
    problems = option_problems(ruleset, options)
    if problems:
        raise GuideError(problems)
    today = today or dt.date.today()
    if options.audience == "carer":
        from screening.documents.leaflet import build_leaflet_pdf

        return build_leaflet_pdf(ruleset, options, today=today, invariant=invariant)
    return build_pages(lambda width, height: _Guide(ruleset, options, width, height, today).story(),
                       options.paper, "Screening guide", ruleset, title=TITLE, invariant=invariant)


def write_guide_pdf(path: str | os.PathLike[str], ruleset: RuleSet, options: GuideOptions = GuideOptions(), *,
                    today: dt.date | None = None) -> Path:
    """Build, then write atomically: a failure leaves any old file as it was."""
    return write_document(path, build_guide_pdf(ruleset, options, today=today))


def suggested_guide_name(ruleset: RuleSet, options: GuideOptions) -> str:
    bits: Sequence[str] = [p for p in ("leaflet" if options.audience == "carer" else "guide", ruleset.info.id,
                                       ruleset.info.version, options.band and f"ages-{options.band}",
                                       options.role, None if options.paper == "A4" else options.paper) if p]
    return "-".join(str(b) for b in bits).replace("/", "-") + ".pdf"
