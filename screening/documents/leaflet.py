"""The carers' leaflet: the same behaviours and questions as the guide, in plainer words.

The words around the rule text are the leaflet's own (screening.documents.guide_words); what to do
is the rule set's guidance for the carer's role: the role chosen, else the first role whose id
names a carer, else only the plain line for each colour.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from screening.documents import guide_parts as parts
from screening.documents import guide_words as words
from screening.documents.pdf import MM
from screening.ruleset.approval import approval_status, long_date
from screening.ruleset.model import AgeBand, RuleSet
from screening.texts import EMERGENCY_LINE

if TYPE_CHECKING:
    from screening.documents.guide import GuideOptions


def carer_role(ruleset: RuleSet, chosen: str | None) -> str | None:
    if chosen:
        return chosen
    return next((r.id for r in ruleset.roles if "carer" in r.id), None)


def is_carer_role(role_id: str) -> bool:
    """Whether a role is one the leaflet is written for (foster, kinship or other carers)."""
    return "carer" in role_id


class _Leaflet:
    def __init__(self, ruleset: RuleSet, options: GuideOptions, width: float, height: float,
                 today: dt.date) -> None:
        self.ruleset, self.options, self.today = ruleset, options, today
        self.width, self.height = width, height
        self.st = parts.styles(1.08)
        self.role = carer_role(ruleset, options.role)
        count = len(ruleset.categories)
        self.level_words = [words.carer_level_words(c.level, count) for c in ruleset.categories]

    def p(self, text: str, style: str = "Body") -> Any:
        return parts.para(text, self.st, style)

    def story(self) -> list[Any]:
        from reportlab.platypus import PageBreak

        from screening.documents.guide import bands_of

        out = self.front()
        for band in bands_of(self.ruleset, self.options):
            out += [PageBreak(), *self.band_page(band)]
        out += [PageBreak(), *self.back()]
        return out

    def front(self) -> list[Any]:
        from reportlab.platypus import Paragraph, Spacer

        info, st = self.ruleset.info, self.st
        out = [
            self.p(words.CARER_TITLE, "Title"),
            self.p(words.CARER_SUBTITLE, "Subtitle"),
            parts.emergency_box(EMERGENCY_LINE, st, self.width),
            Spacer(1, 4 * MM),
            self.p(words.CARER_INTRO),
            Spacer(1, 3 * MM),
            self.p("How to use it", "H2"),
        ]
        for n, (head, text) in enumerate(words.CARER_STEPS, start=1):
            out.append(Paragraph(f"<b>{n}. {parts.esc(head)}.</b> {parts.esc(text)}", st["Body"]))
            out.append(Spacer(1, 1.5 * MM))
        out += [self.p("The three colours" if len(self.ruleset.categories) == 3 else "The colours", "H2"),
                parts.key_table(self.ruleset, st, self.width, self.level_words),
                Spacer(1, 4 * MM),
                parts.boxed([self.p(approval_status(info), "CellBold"),
                             self.p(f"{info.title}, version {info.version}. Published by {info.publisher}. "
                                    f"Review by {long_date(info.review_date)}. Licence {info.licence}. "
                                    f"SHA-256 {self.ruleset.sha256}.", "Small")], self.width, line=0.8)]
        return out

    def band_content(self, band: AgeBand, scale: float) -> list[Any]:
        from reportlab.platypus import Spacer

        st = parts.styles(1.08 * scale)
        out = [parts.para(f"Ages {band.label}", st, "H1"), parts.para(band.development, st, "Small"),
               Spacer(1, 2 * MM), parts.behaviour_columns(self.ruleset, band.id, st, scale, meanings=False)]
        if not self.options.poster:
            questions, todo = self.respond(st, self.width, scale)
            return [*out, *questions, *todo]
        # the poster: the questions and what to do side by side under the behaviours
        return [*out, parts.side_by_side(lambda width: self.respond(st, width, scale))]

    def respond(self, st: dict[str, Any], width: float, scale: float) -> tuple[list[Any], list[Any]]:
        """The questions, and what to do, each ``width`` wide."""
        from reportlab.platypus import Paragraph

        ruleset, poster = self.ruleset, self.options.poster
        questions = [parts.para(words.CARER_QUESTIONS_INTRO, st, "H2"),
                     parts.question_table(ruleset, st, width, plain=True)]
        todo: list[Any] = [parts.para("What to do", st, "H2")]
        if self.role is not None:
            # a poster has room for what each colour means for the carer; the A4 leaflet has every step
            todo.append(parts.guidance_by_colour(ruleset, [self.role], st, width, summary_only=poster, scale=scale))
            if poster:
                todo.append(parts.para("Every step for each colour is in the A4 leaflet.", st, "SmallItalic"))
        else:
            for category, line in zip(ruleset.categories, self.level_words, strict=True):
                todo.append(Paragraph(f"<b>{parts.esc(category.label)}</b>: {parts.esc(line)}", st["Body"]))
        return questions, todo

    def band_page(self, band: AgeBand) -> list[Any]:
        if not self.options.poster:
            return self.band_content(band, 1.0)
        from reportlab.platypus import KeepInFrame

        return [KeepInFrame(self.width, self.height, self.band_content(band, 1.35), mode="shrink")]

    def back(self) -> list[Any]:
        from reportlab.lib import colors
        from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

        st, ruleset = self.st, self.ruleset
        rows = [[self.p(name, "CellBold"), ""] for name in words.CARER_CONTACTS]
        table = Table(rows, colWidths=[70 * MM, self.width - 70 * MM], rowHeights=[11 * MM] * len(rows))
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        out = [parts.emergency_box(EMERGENCY_LINE, st, self.width), Spacer(1, 4 * MM),
               self.p(words.CARER_CONTACTS_TITLE, "H2"), table, self.p("Words you may hear", "H2")]
        text = " ".join(g.summary + " ".join(g.steps) for c in ruleset.categories for g in c.guidance.values())
        text += " ".join(b.text for b in ruleset.behaviours)
        for term in words.glossary_for(text):
            out.append(Paragraph(f"<b>{parts.esc(term.term)}</b>: {parts.esc(term.meaning)}", st["Cell"]))
        out += [self.p("Where the guide comes from", "H2"),
                self.p("Written from public guidance: " + "; ".join(s.title for s in ruleset.info.sources) + ".",
                       "Small")]
        return out


def build_leaflet_pdf(ruleset: RuleSet, options: GuideOptions, *, today: dt.date, invariant: bool = False) -> bytes:
    from screening.documents.guide import build_pages

    return build_pages(lambda width, height: _Leaflet(ruleset, options, width, height, today).story(),
                       options.paper, "Carers' leaflet", ruleset, title=words.CARER_TITLE, invariant=invariant)
