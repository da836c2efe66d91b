"""What the room answered: the spread of answers per exercise, the room's CLAS self-check, and reflections.

Every workspace keeps each exercise's latest answer (``answers[id]["answer"]``) beside its status, so the room
page can show *which* answers people gave: for a choice, how many chose each option (the right one marked); for a
number, the values given, rounded to the precision the exercise asks for; for a sorting exercise, the items most
often put in the wrong category; the most common wrong answers first. Exercises carry the numbers the notebooks
give them ("3.1"), read from the notebooks' "Exercise N.M" headings, and come in the order of the day.

These are counts of the room's answers (people in the room, not patients); free-text reflections are shown only
when faculty ask for them.

Example
-------
>>> from equitylab.checking.registry import get_exercise
>>> from equitylab.course import bank  # noqa: F401  (registers the exercises)
>>> s = answer_spread(get_exercise("demo.why_suppress"), [{"answer": "b", "status": "correct"}])
>>> [(b["count"], b["correct"]) for b in s["bars"]][:2]
[(0, False), (1, True)]
"""
from __future__ import annotations

import functools
import json
import warnings as warnings_module
from collections import Counter
from pathlib import Path

__all__ = ["answer_spread", "clas_room", "exercise_numbers_of_the_day", "rehearsal_room", "SESSION_ORDER"]

#: Sessions in the order of the day.
SESSION_ORDER = ("demo", "1", "2", "3", "4", "5", "closing")
#: Most bars a number exercise's spread shows (the rest are counted together as "other values").
MAX_VALUES = 6
#: Wrong answers listed per exercise.
MAX_WRONG = 3


def _notebook_cells(path: Path):
    from types import SimpleNamespace

    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    return SimpleNamespace(cells=[SimpleNamespace(cell_type=c.get("cell_type"), source="".join(c.get("source", "")))
                                  for c in cells])


@functools.lru_cache(maxsize=4)
def _numbers(stamp: tuple) -> dict[str, str]:
    from .answerkey import exercise_numbers

    return exercise_numbers(_notebook_cells(Path(p)) for p, _ in stamp)


def exercise_numbers_of_the_day() -> dict[str, str]:
    """Exercise id -> its number in the notebooks ("3.1"), from the source notebooks (re-read when they change);
    empty where the notebooks are not installed."""
    from .curriculum import source_notebooks

    try:
        stamp = tuple((str(p), p.stat().st_mtime_ns) for p in source_notebooks())
        return _numbers(stamp)
    except (OSError, ValueError):
        return {}


def order_key(session: str, number: str, position: int):
    """Sort key: the session's place in the day, then the exercise number ("3.10" after "3.9")."""
    place = SESSION_ORDER.index(session) if session in SESSION_ORDER else len(SESSION_ORDER)
    parts = [int(p) if p.isdigit() else p for p in number.split(".")] if number else []
    return (place, 0 if parts else 1, [(0, p) if isinstance(p, int) else (1, p) for p in parts], position)


# --- the spread of one exercise's answers ---------------------------------------------------------------
def _record(record) -> tuple[object, str] | None:
    if not isinstance(record, dict) or "answer" not in record:
        return None
    status = record.get("last_status") or record.get("status")
    return record["answer"], status if isinstance(status, str) else ""


def answer_spread(ex, records: list) -> dict:
    """The spread of the room's answers to one exercise.

    Parameters
    ----------
    ex : Exercise
        The registered exercise.
    records : list of dict
        Each participant's saved record for it (``answer`` and ``status``); others are ignored.

    Returns
    -------
    dict
        ``kind``; ``bars``: ``label``, ``count``, ``correct`` (a checked answer there was correct), in the order to
        show; ``wrong``: the most common wrong answers (``label``, ``count``); ``answered``: how many records had an
        answer; ``note``: one line for kinds without bars.
    """
    given = [r for r in map(_record, records) if r is not None]
    out = {"kind": ex.kind, "bars": [], "wrong": [], "answered": len(given), "note": ""}
    if not given:
        return out
    if ex.kind == "choice" and ex.options:
        out.update(_choice(ex, given))
    elif ex.kind == "number":
        out.update(_number(ex, given))
    elif ex.kind == "classification":
        out.update(_classification(ex, given))
    elif ex.kind == "reflection":
        out["note"] = "Reflections are kept, never graded."
    else:
        out["note"] = "A table: the statuses say how the room did."
    return out


def _bars(counts: Counter, right: set, order: list) -> tuple[list[dict], list[dict]]:
    bars = [{"label": label, "count": counts[label], "correct": label in right} for label in order]
    wrong = sorted(((label, n) for label, n in counts.items() if label not in right and n), key=lambda t: -t[1])
    return bars, [{"label": label, "count": n} for label, n in wrong[:MAX_WRONG]]


@functools.lru_cache(maxsize=4096)
def _chosen(options: tuple, aliases: str, answer: str):
    """The option a saved answer means (cached: many in a room give the same answer, and the page refreshes)."""
    from ..checking.checkers import choose

    return choose(list(options), json.loads(answer), json.loads(aliases))[0]


def _choice(ex, given) -> dict:
    letters = "abcdefghijklmnopqrstuvwxyz"
    labels = {o: f"{letters[i]}) {o}" if i < len(letters) else o for i, o in enumerate(ex.options)}
    counts, right = Counter(), set()
    aliases = json.dumps(ex.aliases, sort_keys=True)
    for answer, status in given:
        option = _chosen(tuple(ex.options), aliases, json.dumps(answer, sort_keys=True))
        label = labels.get(option, "something else (matches no option)")
        counts[label] += 1
        if status == "correct":
            right.add(label)
    order = list(labels.values()) + [k for k in counts if k not in labels.values()]
    bars, wrong = _bars(counts, right, order)
    return {"bars": bars, "wrong": wrong}


def _number(ex, given) -> dict:
    from ..checking.checkers import _as_number

    counts, right, close = Counter(), set(), set()
    for answer, status in given:
        value, problem, percent = _as_number(answer)
        if value is None or value != value:
            label = "not a number"
        else:
            label = f"{value:.{ex.digits}f}" + ("%" if percent else "")
        counts[label] += 1
        (right if status == "correct" else close if status == "close" else set()).add(label)
    common = [label for label, _ in counts.most_common()]
    shown = sorted(common[:MAX_VALUES], key=_numeric)
    rest = sum(counts[label] for label in common[MAX_VALUES:])
    bars, wrong = _bars(counts, right, shown)
    for bar in bars:
        bar["close"] = bar["label"] in close and not bar["correct"]
    if rest:
        bars.append({"label": f"{len(common) - MAX_VALUES} other value(s)", "count": rest, "correct": False})
    return {"bars": bars, "wrong": wrong}


def _numeric(label: str):
    try:
        return (0, float(label.rstrip("%")))
    except ValueError:
        return (1, 0.0)


@functools.lru_cache(maxsize=64)
def _expected_sort(exercise_id: str):
    from ..checking.registry import get_exercise

    return get_exercise(exercise_id).expected()


def _classification(ex, given) -> dict:
    from ..checking.checkers import _category_of, _item_of, _normalise_classification, category_forms

    try:
        expected = _expected_sort(ex.id)
    except Exception as exc:     # the answer key itself failed: say so, never break the page
        return {"note": f"The answer key could not be computed ({type(exc).__name__})."}
    cats = list(ex.categories or dict.fromkeys(expected.values()))
    forms = category_forms(cats)
    items = list(ex.items or expected)
    misplaced, to = Counter(), {}
    for answer, _ in given:
        try:
            pairs = _normalise_classification(answer)
        except TypeError:
            continue
        for key, category in pairs:
            item, _ = _item_of(key, items)
            chosen = _category_of(category, forms, cats)
            if item in expected and chosen is not None and chosen != expected[item]:
                misplaced[item] += 1
                to.setdefault(item, Counter())[chosen] += 1
    wrong = [{"label": f"{item} — put in “{to[item].most_common(1)[0][0]}” (belongs in “{expected[item]}”)",
              "count": n} for item, n in misplaced.most_common(MAX_WRONG)]
    return {"wrong": wrong, "note": "" if wrong else "No item was put in the wrong category."}


# --- the room's CLAS self-check --------------------------------------------------------------------------
def clas_room(people: list, warnings: list[str]) -> dict | None:
    """The room's CLAS self-check: per standard, the mean step (0–3) over the participants who rated it, how many
    rated it at each step, lowest first. A workspace whose ratings cannot be read is skipped with a warning naming it.

    ``people`` are ``(participant_id, label, workspace)`` as :func:`equitylab.checking.workspace.members` gives.
    """
    from ..organization import clas

    ratings = []
    for _, label, ws in people:
        saved = (ws.get("assessments") or {}).get("clas") if isinstance(ws.get("assessments"), dict) else None
        if not saved:
            continue
        try:
            with warnings_module.catch_warnings():
                warnings_module.simplefilter("ignore")
                ratings.append(clas.SelfCheck.from_dict(saved).ratings)
        except (TypeError, ValueError, AttributeError) as exc:
            warnings.append(f"Skipped the CLAS self-check of {ws.get('source') or label}: {str(exc)[:200]}")
    if not ratings:
        return None
    rows = []
    for number, (theme, text) in clas.STANDARDS.items():
        steps = [r[number] for r in ratings if number in r]
        rows.append({"standard": number, "theme": theme, "text": text, "rated": len(steps),
                     "mean": round(sum(steps) / len(steps), 1) if steps else None,
                     "steps": [steps.count(i) for i in range(len(clas.SCALE))]})
    rated = sorted((r for r in rows if r["rated"]), key=lambda r: (r["mean"], -r["rated"], r["standard"]))
    lowest = {r["standard"] for r in rated[:3]}
    for r in rows:
        r["lowest"] = r["standard"] in lowest
    return {"participants": len(ratings), "scale": list(clas.SCALE), "rows": rated + [r for r in rows if not r["rated"]]}


# --- a synthetic room to rehearse with -------------------------------------------------------------------
#: Reflections of the rehearsal room (synthetic, written for rehearsing; no participant wrote them).
REHEARSAL_REFLECTIONS = (
    "(synthetic) Our registration clerks were never told why we ask about race, so many visits stay blank.",
    "(synthetic) We report readmissions overall every month but have never split them by preferred language.",
    "(synthetic) The board sees one equity slide a year; I want one stratified measure on every quality report.",
)


def _slip(ex, key, rng):
    """A wrong answer people commonly give: another option, a number off by a common slip, two items swapped."""
    if ex.kind == "choice":
        return rng.choice([o for o in ex.options if o != key])
    if ex.kind == "number":
        factor = rng.choice([100, 0.5, 2] if ex.percent else [0.5, 2, 10])
        return round(float(key) * factor, ex.digits) if float(key) else 1.0
    if ex.kind == "classification":
        items = list(key)
        a, b = rng.sample(items, 2) if len(items) > 1 else (items[0], items[0])
        wrong = dict(key)
        wrong[a] = next((c for c in (ex.categories or key.values()) if c != key[a]), key[a])
        return wrong
    return None


@functools.lru_cache(maxsize=1)
def _answer_keys() -> dict:
    """Exercise id -> (exercise, the answer as a learner types it, what the check expects), for graded exercises."""
    from ..checking.registry import exercises, get_exercise
    from . import bank  # noqa: F401  (registers the exercises)

    keys = {}
    for eid in exercises()["id"]:
        ex = get_exercise(eid)
        if ex.kind in ("choice", "number", "classification"):
            keys[eid] = (ex, ex.answer_key(), ex.expected())
    return keys


def rehearsal_room(n: int = 40, seed: int = 0) -> list[dict]:
    """A synthetic room to rehearse the room view with: ``n`` exported workspaces (``el.datasets.room``'s SWOTs and
    self-assessments, labelled synthetic) with answers to the exercises — about 65% right, the rest a common slip,
    each status given by the exercise's own check — reflections, and a CLAS self-check.

    Examples
    --------
    >>> room = rehearsal_room(3)
    >>> len(room), all(ws["synthetic"] for ws in room)
    (3, True)
    """
    import random

    from ..checking.checkers import CHECKERS
    from ..checking.workspace import plain
    from ..organization.rehearsal import room

    rng = random.Random(seed)
    keys = _answer_keys()
    people = room(n=n, seed=seed)
    for i, ws in enumerate(people):
        ws["participant_id"] = f"{seed:08x}{i + 1:024x}"
        ws["answers"] = {}
        for eid, (ex, key, expected) in keys.items():
            if rng.random() < 0.15:                 # not reached yet
                continue
            answer = key if rng.random() < 0.65 else _slip(ex, key, rng)
            status = CHECKERS[ex.kind](ex, answer, expected).status
            ws["answers"][eid] = {"session": ex.session, "status": status, "attempts": 1, "answer": plain(answer)}
        ws["answers"]["demo.reflection"] = {"session": "demo", "status": "saved", "attempts": 1,
                                            "answer": rng.choice(REHEARSAL_REFLECTIONS)}
        weak = {5, 7, 11}
        ws["assessments"]["clas"] = {"ratings": {str(k): rng.choice([0, 0, 1, 1, 2, 3] if k in weak else [1, 2, 2, 3])
                                                 for k in range(1, 16)}}
    return people
