"""SWOT analysis for the #123forEquity organizational assessment (Session 2).

The symposium's Session 2 breakout asks individuals or teams to "assess where they are on
key aspects of the #123forEquity pledge; SWOT and map where they are and what they need to
succeed" (*Equity of Care Training*, 2019). Strengths and weaknesses are internal to the organization;
opportunities and threats come from outside it (payers, regulation, community, workforce
market).

Example
-------
>>> from equitylab.swot import SWOT
>>> s = SWOT(area="REaL data", autosave=False)
>>> s.add("strengths", "Registration staff trained to ask the combined race/ethnicity question")
>>> s.add("threats", "<script>alert(1)</script>")
>>> "&lt;script&gt;" in s.to_html()
True
"""
from __future__ import annotations

import html
import re
from collections import Counter
from typing import Iterable

import numpy as np
import pandas as pd

from ..checking import workspace
from ..checking.feedback import InputError
from ..report.style import PALETTE, despine
from ..report.widgets import friendly_widget
from ._merge import Synced, merge_lists, save_from_form
from .pledge import AREAS

__all__ = ["SWOT", "QUADRANTS", "INTERNAL", "EXTERNAL", "AREAS", "PROMPTS", "aggregate", "THEMES", "example"]

QUADRANTS = ("strengths", "weaknesses", "opportunities", "threats")
INTERNAL = ("strengths", "weaknesses")
EXTERNAL = ("opportunities", "threats")
_ALIASES = {"s": "strengths", "strength": "strengths", "w": "weaknesses", "weakness": "weaknesses",
            "o": "opportunities", "opportunity": "opportunities", "t": "threats", "threat": "threats"}


#: Prompting questions per area and quadrant. The area questions follow the symposium materials:
#: the pledge's key areas (2017 and 2019 symposiums) and the Disparities Solutions Center's "Take Action"
#: questions (*The Leadership in Equity Project*).
PROMPTS = {
    "REaL data": {
        "strengths": ["Is your organization collecting race, ethnicity and language (REaL) data at every registration point?",
                      "Are you already monitoring quality by stratifying data by race/ethnicity and language?"],
        "weaknesses": ["Where are 'Unknown', 'Declined' and blank values concentrated (ED, urgent care, one facility)?",
                       "Can your systems store the 2024 combined question, several selections and detailed categories?"],
        "opportunities": ["Which payer, state or federal programs ask for stratified quality reporting?",
                          "Which peer organizations or collaboratives share practice on data collection?"],
        "threats": ["Could patients mistrust why the question is asked?",
                    "Do vendor or reporting deadlines limit what you can change this year?"],
    },
    "Cultural competence": {
        "strengths": ["Are you training employees on providing culturally competent care?",
                      "Do clinical staff learn about cultural and linguistic factors at orientation?"],
        "weaknesses": ["Which departments or roles have low completion of training?",
                       "Is training evaluated for change in knowledge, confidence or practice?"],
        "opportunities": ["Which external curricula, partners or standards (e.g. the National CLAS Standards) can you use?"],
        "threats": ["Could staffing pressure crowd out training time?"],
    },
    "Leadership diversity": {
        "strengths": ["Is your leadership and board diverse — does it reflect the community you serve?",
                      "Do you have a pipeline (mentoring, sponsorship) into management?"],
        "weaknesses": ["Where does representation drop along the pipeline (staff → manager → executive → board)?",
                       "Are promotion and exit rates different across groups?"],
        "opportunities": ["Which professional networks or programs can widen recruitment?"],
        "threats": ["Is there competition for diverse leaders in your labour market?"],
    },
    "Community partnerships": {
        "strengths": ["Is your organization working with the community to address social determinants of health?"],
        "weaknesses": ["Do community voices shape your equity priorities, or only hear about them?"],
        "opportunities": ["Are you engaging the business community in these efforts?",
                          "Which community organizations already serve the groups with the largest gaps?"],
        "threats": ["Could short-term funding end partnerships before they show results?"],
    },
}

# Words that usually point outside the organization (used to flag misplaced items).
_EXTERNAL_WORDS = re.compile(
    r"\b(cms|medicaid|medicare|payer|payers|insurer|state|federal|regulat\w*|law|legislat\w*|grant|funding "
    r"opportunit\w*|competitor\w*|market|community|communities|vendor|policy change|accredit\w*|joint commission|"
    r"economy|pandemic|region|regional)\b", re.I)
# Words that point outside the organization even in a sentence about "our" staff or training:
# patients' mistrust, a shortage in the labour market, competition for leaders (the answer keys'
# threats). They decide the advice on their own.
_STRONG_EXTERNAL_WORDS = re.compile(r"\b(mistrust\w*|distrust\w*|shortage\w*|competition|labou?r market|"
                                    r"job market|pandemic|economy|inflation)\b", re.I)
_INTERNAL_WORDS = re.compile(r"\b(our|we|staff|ehr|registration|board|leadership|policy|policies|training|"
                             r"budget|team|culture|department)\b", re.I)

#: Themes for counting SWOT items across the room: theme -> keywords.
THEMES = {
    "REaL data collection": ["real", "race", "ethnicity", "registration", "demographic", "unknown", "declined", "collect"],
    "Stratified quality reporting": ["stratif", "dashboard", "report", "measure", "disparit", "equity report"],
    "Language access": ["interpret", "language", "translation", "lep", "english proficiency"],
    "Data systems / EHR": ["ehr", "epic", "cerner", "system", "analytics", "data warehouse", "vendor"],
    "Cultural competence training": ["training", "education", "curriculum", "competenc", "bias", "orientation",
                                     "cultural", "linguistic"],
    "Leadership & board diversity": ["board", "leadership", "executive", "pipeline", "diverse", "diversity", "hiring"],
    "Community partnerships": ["community", "partner", "cbo", "social determinant", "sdoh", "business"],
    "Resources & funding": ["budget", "funding", "grant", "cost", "resource", "money"],
    "Leadership commitment": ["ceo", "commitment", "priority", "strategic", "champion", "pledge"],
    "Payers & regulation": ["cms", "medicaid", "medicare", "payer", "regulat", "joint commission", "state"],
    "Workforce & staffing": ["staffing", "turnover", "shortage", "workforce", "burnout"],
    "Trust": ["trust", "mistrust", "fear", "privacy"],
}


def _item_text(text) -> str:
    """An item as text, spaces tidied; anything that is not text (None, a number, a list) is named, not saved."""
    if not isinstance(text, str):
        raise InputError(f"a SWOT item is text, e.g. \"Interpreter services in 40 languages\" — not "
                         f"{type(text).__name__} ({text!r:.40}).")
    text = " ".join(text.split())
    if not text:
        raise InputError("An empty item cannot be added; write what the strength, weakness, opportunity or threat is.")
    return text


def _quadrant(name: str) -> str:
    key = str(name).strip().lower()
    key = _ALIASES.get(key, key)
    if key not in QUADRANTS:
        raise InputError(f"{name!r} is not a SWOT quadrant; use one of {', '.join(QUADRANTS)}.")
    return key


class SWOT(Synced):
    """A SWOT analysis: four lists of items.

    Building a SWOT writes nothing to disk: :meth:`load` (the notebooks' entry point) returns the
    participant's saved SWOT, which saves itself after every change; :meth:`save` saves any SWOT
    explicitly, and :meth:`editor` saves as you type.

    Parameters
    ----------
    area : str, optional
        The pledge area (one of :data:`AREAS`) or ``None`` for the whole organization.
    title : str, optional
        A heading, e.g. the organization's name.
    autosave : bool, default False
        Save to the participant's workspace after every change (``load()`` turns it on).
    """

    _section = "swots"

    def __init__(self, area: str | None = None, title: str = "", autosave: bool = False):
        if area is not None and area not in AREAS:
            raise InputError(f"area={area!r}: use one of {AREAS} or None for the whole organization.")
        self.area = area
        self.title = title
        self.autosave = autosave
        self.items: dict[str, list[str]] = {q: [] for q in QUADRANTS}

    # --- identity and persistence ----------------------------------------------------------------
    @property
    def key(self) -> str:
        return self.area or "organization"

    _key = key

    def to_dict(self) -> dict:
        return {"area": self.area, "title": self.title, "items": {q: list(v) for q, v in self.items.items()}}

    @classmethod
    def from_dict(cls, data: dict, autosave: bool = False) -> "SWOT":
        s = cls(area=data.get("area"), title=data.get("title", ""), autosave=autosave)
        items = data.get("items") if isinstance(data.get("items"), dict) else {}
        for q in QUADRANTS:
            given = items.get(q) or []
            given = [given] if isinstance(given, str) else given   # one item typed as text is one item, not letters
            if not isinstance(given, (list, tuple)):
                raise ValueError(f"the {q} of a SWOT should be a list of items, not {type(given).__name__}")
            s.items[q] = [str(x) for x in given]
        return s

    @classmethod
    def load(cls, area: str | None = None) -> "SWOT":
        """The participant's saved SWOT for ``area`` (an empty one if none is saved)."""
        data = workspace.get("swots", area or "organization")
        s = cls.from_dict(data, autosave=True) if data else cls(area=area, autosave=True)
        s._loaded(data)
        return s

    def _take(self, data: dict) -> None:
        self.title = data.get("title", "")
        self.items = {q: [str(x) for x in data.get("items", {}).get(q, [])] for q in QUADRANTS}

    def _changed(self):
        if self.autosave:
            self.save()

    # --- editing ----------------------------------------------------------------------------
    def add(self, quadrant: str, text: str) -> None:
        """Add an item to a quadrant (``"strengths"``, ``"weaknesses"``, ``"opportunities"``, ``"threats"``)."""
        q = _quadrant(quadrant)
        text = _item_text(text)
        if text not in self.items[q]:
            self.items[q].append(text)
        self._changed()

    def remove(self, quadrant: str, item: str | int) -> None:
        """Remove an item by its text or its position (0 = first)."""
        q = _quadrant(quadrant)
        if isinstance(item, int):
            if not 0 <= item < len(self.items[q]):
                raise InputError(f"{q} has {len(self.items[q])} {'item' if len(self.items[q]) == 1 else 'items'}; there is "
                                 f"no item {item} (the first is 0).")
            del self.items[q][item]
        else:
            if item not in self.items[q]:
                raise InputError(f"{item!r} is not in {q}: its items are {self.items[q]}.")
            self.items[q].remove(item)
        self._changed()

    def move(self, item: str, to: str) -> None:
        """Move an item to another quadrant."""
        dest = _quadrant(to)
        for q in QUADRANTS:
            if item in self.items[q]:
                self.items[q].remove(item)
                self.items[dest].append(item)
                self._changed()
                return
        raise InputError(f"{item!r} is not in this SWOT: copy the item's text exactly as it is listed.")

    def set_items(self, quadrant: str, items: Iterable[str]) -> None:
        """Replace a quadrant's items (used by the editor)."""
        q = _quadrant(quadrant)
        if isinstance(items, str):          # text with one item per line, as the editor's box holds it
            items = items.splitlines()
        if not isinstance(items, (list, tuple)):
            raise InputError(f"set_items() takes a list of items, e.g. [\"Our CEO champions equity\"], not "
                             f"{type(items).__name__}.")
        self.items[q] = list(dict.fromkeys(_item_text(i) for i in items if not isinstance(i, str) or i.strip()))
        self._changed()

    # --- checking -------------------------------------------------------------------------------
    def validate(self) -> list[str]:
        """Friendly notes: empty quadrants, and items that look misplaced (internal vs external)."""
        notes = []
        for q in QUADRANTS:
            if not self.items[q]:
                notes.append(f"{q.capitalize()} is empty — see the prompting questions.")
        for q in INTERNAL:
            for item in self.items[q]:
                if _STRONG_EXTERNAL_WORDS.search(item) or (_EXTERNAL_WORDS.search(item)
                                                           and not _INTERNAL_WORDS.search(item)):
                    notes.append(f"“{item}” sounds external (outside the organization): "
                                 f"consider {'Opportunities' if q == 'strengths' else 'Threats'}.")
        for q in EXTERNAL:
            for item in self.items[q]:
                if _INTERNAL_WORDS.search(item) and not _EXTERNAL_WORDS.search(item) \
                        and not _STRONG_EXTERNAL_WORDS.search(item):
                    notes.append(f"“{item}” sounds internal (something the organization controls): "
                                 f"consider {'Strengths' if q == 'opportunities' else 'Weaknesses'}.")
        return notes

    def prompts(self) -> dict[str, list[str]]:
        """The prompting questions for this SWOT's area (all areas for the whole organization)."""
        if self.area:
            return PROMPTS[self.area]
        return {q: [p for a in AREAS for p in PROMPTS[a][q]] for q in QUADRANTS}

    # --- output ------------------------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        rows = [(q, "internal" if q in INTERNAL else "external", t) for q in QUADRANTS for t in self.items[q]]
        return pd.DataFrame(rows, columns=["quadrant", "factor", "item"])

    def to_html(self) -> str:
        """A 2×2 HTML table; participant text is escaped."""
        colors = dict(zip(QUADRANTS, ["#e7f5ee", "#fdecea", "#e8f1fa", "#fff6e0"]))
        head = html.escape(self.title or ("SWOT — " + (self.area or "whole organization")))
        cells = {}
        for q in QUADRANTS:
            items = "".join(f"<li>{html.escape(t)}</li>" for t in self.items[q]) or "<li><i>(none yet)</i></li>"
            label = f"{q.capitalize()} <small>({'internal' if q in INTERNAL else 'external'})</small>"
            cells[q] = (f"<td style='vertical-align:top;text-align:left;background:{colors[q]};padding:8px;width:50%'>"
                        f"<b>{label}</b><ul style='margin:4px 0 0 16px;padding:0'>{items}</ul></td>")
        return (f"<div class='equitylab-swot'><h4 style='margin:4px 0'>{head}</h4>"
                f"<table style='border-collapse:collapse;width:100%'>"
                f"<tr>{cells['strengths']}{cells['weaknesses']}</tr>"
                f"<tr>{cells['opportunities']}{cells['threats']}</tr></table></div>")

    _repr_html_ = to_html

    def __repr__(self) -> str:
        counts = ", ".join(f"{q}: {len(v)}" for q, v in self.items.items())
        return f"SWOT({self.area or 'organization'}; {counts})"

    def figure(self):
        """The SWOT as a 2×2 matplotlib Figure."""
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(2, 2, figsize=(11, 7))
        bg = ["#e7f5ee", "#fdecea", "#e8f1fa", "#fff6e0"]
        for ax, q, color in zip(axes.flat, QUADRANTS, bg):
            ax.set_facecolor(color)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(f"{q.capitalize()} ({'internal' if q in INTERNAL else 'external'})", loc="left", fontsize=11)
            lines, used, budget = [], 0, 13          # lines of text that fit in a quadrant
            for k, t in enumerate(self.items[q]):
                wrapped = _wrap(t if len(t) <= 100 else t[:99].rstrip() + "…", 52).split("\n")[:2]
                if used + len(wrapped) > budget - (k + 1 < len(self.items[q])):
                    lines.append(f"… and {len(self.items[q]) - k} more (see the table)")
                    break
                lines.append("• " + "\n   ".join(wrapped))
                used += len(wrapped)
            ax.text(0.02, 0.97, "\n".join(lines) or "(none yet)", va="top", ha="left", fontsize=9.5,
                    transform=ax.transAxes)
        fig.suptitle(self.title or f"SWOT — {self.area or 'whole organization'}", x=0.01, ha="left", fontsize=13)
        fig.tight_layout()
        return fig

    # --- live editing ------------------------------------------------------------------------------------
    def editor(self):
        """An ipywidgets editor: one box per quadrant (one item per line), saved as you type.

        Each box is named by its quadrant (a ``<label>``, read by screen readers); the "Check my
        SWOT" notes appear in a live region that screen readers announce. A box's edits are merged
        into the saved SWOT: an item added from another notebook (or with :meth:`add`) while the
        editor is open is kept and listed under its box, never dropped by the next keystroke.

        Returns the widget; ``.boxes`` holds the four text areas, ``.check_button`` the button and
        ``.notes`` its live region (``.notes.html``).
        """
        import ipywidgets as w

        from ..report.widgets import live_region

        boxes, others, cols = {}, {}, []

        def show_others(q):
            typed = set(_lines(boxes[q].value))
            rest = [t for t in self.items[q] if t not in typed]
            others[q].value = ("" if not rest else "<div style='font-size:85%;line-height:1.4;color:#1a1a1a'>Also saved in "
                               f"{q} (from another notebook or cell; run this cell again to edit them here):<ul "
                               "style='margin:2px 0 0 16px'>" + "".join(f"<li>{html.escape(t)}</li>" for t in rest)
                               + "</ul></div>")

        def on_change(change, q):
            self.items[q] = merge_lists(_lines(change["old"]), _lines(change["new"]), self.items[q])
            problem = save_from_form(self)     # the editor saves as you type, whatever the object's default
            if problem or notes.html.startswith("<div role='alert'"):
                notes.html = problem
            for quadrant in QUADRANTS:
                show_others(quadrant)

        for q in QUADRANTS:
            side = "internal" if q in INTERNAL else "external"
            area = w.Textarea(value="\n".join(self.items[q]), placeholder="One item per line",
                              description=f"{q.capitalize()} ({side}), one item per line",
                              style={"description_width": "initial"},
                              layout=w.Layout(width="98%", height="150px", flex_flow="column"),
                              continuous_update=True)
            area.quadrant = q
            area.observe(lambda change, q=q: on_change(change, q), names="value")
            tips = "".join(f"<li>{html.escape(p)}</li>" for p in self.prompts()[q][:3])
            prompts = w.HTML(f"<div style='font-size:85%;line-height:1.4;color:#1a1a1a'>Prompting questions for {q}:"
                             f"<ul style='margin:2px 0 4px 16px'>{tips}</ul></div>")
            boxes[q], others[q] = area, w.HTML()
            cols.append(w.VBox([prompts, area, others[q]], layout=w.Layout(width="50%")))
        notes = live_region()
        for q in QUADRANTS:
            show_others(q)
        button = w.Button(description="Check my SWOT", icon="check", button_style="primary")

        def on_click(_):
            found = self.validate()
            notes.html = (("<b>Check my SWOT:</b> " + f"{len(found)} note{'s' if len(found) != 1 else ''}<ul>"
                           + "".join(f"<li>{html.escape(n)}</li>" for n in found) + "</ul>") if found else
                          "<b>Check my SWOT: looks good</b> — every quadrant has items and nothing looks misplaced.")

        button.on_click(on_click)
        grid = w.VBox([w.HBox(cols[:2]), w.HBox(cols[2:]), w.HBox([button]), notes])
        grid.boxes, grid.check_button, grid.notes = boxes, button, notes
        return friendly_widget(grid, "SWOT editor — live in JupyterLab (type one item per line; it saves as you "
                                     "type). In the printed handout, see the SWOT shown below.")


def _lines(text: str) -> list[str]:
    """A text box's items: one per line, spaces tidied, blank lines and repeats left out."""
    return list(dict.fromkeys(" ".join(line.split()) for line in str(text or "").splitlines() if line.strip()))


#: Session 2's worked example: fictional Lakeside Health's SWOT (synthetic).
EXAMPLE_ITEMS = {
    "strengths": ["Orientation covers cultural and linguistic factors for all clinical staff",
                  "Interpreter services available by video at every site"],
    "weaknesses": ["Race/ethnicity is blank or unknown for a quarter of ED registrations",
                   "No quality measure is stratified by language yet"],
    "opportunities": ["State Medicaid program will pay for stratified quality reporting",
                      "Community health centre partners want to share data"],
    "threats": ["Staffing shortages crowd out training time", "Some patients mistrust why we ask about race"],
}


def example() -> SWOT:
    """The worked example: fictional Lakeside Health's SWOT on the pledge (synthetic, not saved).

    Examples
    --------
    >>> example().validate()
    []
    """
    s = SWOT(title="Lakeside Health (fictional) — SWOT on the #123forEquity pledge", autosave=False)
    for quadrant, items in EXAMPLE_ITEMS.items():
        for item in items:
            s.add(quadrant, item)
    return s


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


_THEME_RE = {t: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")", re.I) for t, words in THEMES.items()}


def themes_of(text: str) -> list[str]:
    """The themes an item mentions (``["Other"]`` if none); keywords match at the start of a word.

    Examples
    --------
    >>> themes_of("ED leaves race blank for many visits")
    ['REaL data collection']
    """
    found = [t for t, pattern in _THEME_RE.items() if pattern.search(text)]
    return found or ["Other"]


def aggregate(swots: Iterable) -> pd.DataFrame:
    """Count themes across many participants' SWOTs (for faculty).

    Parameters
    ----------
    swots : iterable of SWOT, dicts (``SWOT.to_dict()``) or exported workspaces

    Returns
    -------
    DataFrame
        Rows are themes, columns the four quadrants (items mentioning the theme) plus
        ``participants`` (how many participants mention it at all — an exported workspace
        is one participant however many SWOTs it holds, and two participants with the same
        name count twice); most-mentioned first. ``attrs``: ``n_swots``, ``n_participants``.
        Draw it with :func:`aggregate_figure`.
    """
    counts = {q: Counter() for q in QUADRANTS}
    people = Counter()
    n = 0
    groups = _as_swots(swots)
    for swots_of_one in groups:
        seen = set()
        for s in swots_of_one:
            n += 1
            for q in QUADRANTS:
                for item in s.items[q]:
                    for t in themes_of(item):
                        counts[q][t] += 1
                        seen.add(t)
        people.update(seen)
    themes = sorted(set(people), key=lambda t: (-people[t], t))
    table = pd.DataFrame({q: [counts[q][t] for t in themes] for q in QUADRANTS}, index=pd.Index(themes, name="theme"))
    table["participants"] = [people[t] for t in themes]
    table.attrs["n_swots"] = n
    table.attrs["n_participants"] = len(groups)
    return table


def _as_swots(items) -> list[list[SWOT]]:
    """The SWOTs grouped by participant: an exported workspace is one participant (told apart by
    ``participant_id``, never by name); a SWOT or a saved SWOT dict is one participant each."""
    people = []
    for s in items:
        if isinstance(s, SWOT):
            people.append({"_swots": [s]})
        elif isinstance(s, dict) and "swots" in s:          # an exported workspace
            saved = s["swots"].values() if isinstance(s["swots"], dict) else []
            people.append({**s, "_swots": [SWOT.from_dict(d) for d in saved]})
        elif isinstance(s, dict):
            people.append({"_swots": [SWOT.from_dict(s)]})
        else:
            raise TypeError(f"aggregate() takes SWOT objects or saved SWOT dicts, not {type(s).__name__}.")
    return [person["_swots"] for _, _, person in workspace.members(people)]


def aggregate_figure(table: pd.DataFrame, top: int = 10):
    """Horizontal stacked bars: how often each theme appears in each quadrant across the room."""
    t = table.head(top).iloc[::-1]
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 0.45 * len(t) + 1.8))
    left = np.zeros(len(t))
    for q, color in zip(QUADRANTS, [PALETTE[2], PALETTE[5], PALETTE[0], PALETTE[1]]):
        ax.barh(t.index, t[q], left=left, color=color, label=q.capitalize())
        left += t[q].to_numpy()
    ax.set_xlabel("Items mentioning the theme")
    ax.legend(ncol=4, loc="lower right", fontsize=8, frameon=False, bbox_to_anchor=(1, 1))
    ax.set_title(f"SWOT themes across the room ({table.attrs.get('n_swots', '?')} SWOTs)", loc="left", pad=22)
    despine(ax)
    fig.tight_layout()
    return fig
