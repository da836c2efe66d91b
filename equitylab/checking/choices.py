"""Reading a choice answer: which one option a learner's words, letter or number mean — or why none.

Used by the ``choice`` checker (:mod:`equitylab.checking.checkers`): :func:`choose` reads an answer,
:func:`nearest` offers the option an unmatched answer comes closest to, :func:`one_edit` is the
one-typo test, :func:`numbered_options` tells when a bare number is the number written in an option.
"""
from __future__ import annotations

import numbers
import re

import numpy as np
import pandas as pd

__all__ = ["choose", "nearest", "one_edit", "numbered_options", "TYPO_MIN_LETTERS"]


_PLAIN = str.maketrans({"–": "-", "—": "-", "’": "'", "‘": "'", "“": '"', "”": '"'})


def _norm(text) -> str:
    """Lower case, one space between words, plain dashes and apostrophes."""
    text = str(text).lower().translate(_PLAIN)
    return " ".join(text.split())


#: Words that rule an option out rather than choose it ("not …", "isn't", "except …").
_NEGATION = re.compile(r"(?<!\w)(?:not|no|never|neither|nor|none|except|without|other than|rather than|cannot|"
                       r"isnt|arent|wasnt|werent|dont|doesnt|didnt|cant|wont|\w+n't)(?!\w)")
_REF = re.compile(r"\(?([a-z])[\).:]?|(\d+(?:\.0+)?)")         # "b", "(b)", "b)", "b.", "2", "2.0"
_JOINS = re.compile(r"\s*(?:,|;|/|&|\+|\band\b|\bor\b|\bthen\b)\s*|\s+")


def _numbers_in(option: str) -> set[int]:
    """The whole numbers written in an option's text ("Session 3 — …" -> {3}; "HbA1c" -> none)."""
    return {int(n) for n in re.findall(r"(?<![\w.])(\d+)(?![\w]|\.\d)", _norm(option))}


def numbered_options(options) -> bool:
    """True when every option carries a number of its own in its text ("Session 3", "Session 4", …).

    In such a question a bare number means the number written in an option, never its
    position in the list (so 3 is "Session 3 …", not the third option).
    """
    found = [_numbers_in(o) for o in options or []]
    return bool(found) and all(mine - set().union(*(f for j, f in enumerate(found) if j != i))
                               for i, mine in enumerate(found))


def _by_number(options: list[str], n: int):
    """(option, problem) for a bare number: a position, or the number in the text of numbered options."""
    if numbered_options(options):
        hits = [o for o in options if n in _numbers_in(o)]
        if len(hits) == 1:
            return hits[0], None
        return None, (f"the options of this question contain numbers, so a bare number is read as the number "
                      f"written in an option — and {n} is in {'none' if not hits else 'more than one'} of them. "
                      "Answer with the option's letter or its text.")
    if 1 <= n <= len(options):
        return options[n - 1], None
    return None, f"there is no option {n}: the options are numbered 1 to {len(options)}."


def _by_reference(options: list[str], token: str):
    """(option, problem) for one letter ("b", "(b)") or number ("2", "2.0") token."""
    m = _REF.fullmatch(token)
    if m[2] is not None:
        return _by_number(options, int(float(m[2])))
    i = ord(m[1]) - ord("a")
    if 0 <= i < len(options):
        return options[i], None
    return None, f"there is no option {m[1]!r}: the options are a) to {chr(96 + len(options))})."


def _mentions(options: list[str], aliases: dict, text: str) -> list[str]:
    """The options whose text (or an alias) appears in ``text`` as whole words, in order of appearance.

    A mention inside a longer mention of another option (an option that is part of another
    option's text) does not count on its own.
    """
    spans = []
    for option in options:
        for form in [option, *aliases.get(option, [])]:
            for m in re.finditer(r"(?<!\w)" + re.escape(_norm(form)) + r"(?!\w)", text):
                spans.append((m.start(), m.end(), option))
    kept = [s for s in spans if not any(o != s[2] and a <= s[0] and s[1] <= b and b - a > s[1] - s[0]
                                        for a, b, o in spans)]
    return list(dict.fromkeys(o for _, _, o in sorted(kept)))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+(?:['.%-]\w+)*", text)


#: Words that carry no choice ("because small counts ..." is "small counts ...").
_FILLER = {"the", "and", "for", "with", "because", "that", "this", "are", "was", "were", "our", "their", "its",
           "it", "to", "of", "in", "on", "a", "an", "is", "be", "by", "so", "as", "at", "from"}


def _stem(word: str) -> str:
    """A light stem, so that a learner's own grammar still matches ("improving", "improve" -> "improv"; "daughter's"
    -> "daughter")."""
    word = word[:-2] if word.endswith("'s") else word
    for suffix in ("ing", "ed", "es", "s", "e", "y"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _stems(text: str) -> set[str]:
    return {_stem(w) for w in _words(text) if w not in _FILLER and not _NEGATION.fullmatch(w)}


def _short_form(options: list[str], aliases: dict, text: str) -> list[str]:
    """Options of which ``text`` is a short form: a start, a run of whole words, a subset of its words — or, in the
    learner's own grammar, of their stems ("Improving and strengthening community partnerships")."""
    if not any(len(w) >= 3 and not _NEGATION.fullmatch(w) for w in _words(text)):   # "a", "no", "is": no form
        return []
    hits = []
    for option in options:
        for form in map(_norm, [option, *aliases.get(option, [])]):
            words = set(_words(form))
            if (form.startswith(text) or re.search(r"(?<!\w)" + re.escape(text) + r"(?!\w)", form)
                    or set(_words(text)) <= words):
                hits.append(option)
                break
    stems = _stems(text) if not hits else set()
    if len(stems) >= 2:
        hits = [o for o in options if any(stems <= _stems(_norm(f)) for f in [o, *aliases.get(o, [])])]
    return hits


def one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are one typo apart: a Damerau-Levenshtein distance of exactly 1 (one letter added,
    dropped, changed, or two neighbours swapped).

    >>> one_edit("thier", "their"), one_edit("reverses", "reverse"), one_edit("words", "wards"), one_edit("ab", "ba")
    (True, True, True, True)
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1:] == shorter[i:]


#: Only words this long are corrected: a shorter word is one letter away from too many others ("care", "core").
TYPO_MIN_LETTERS = 5


def _vocabulary(options: list[str], aliases: dict) -> set[str]:
    words = set(_FILLER)
    for option in options:
        for form in [option, *aliases.get(option, [])]:
            words.update(re.findall(r"[a-z]+", _norm(form)))
    return words


def _spelled(text: str, options: list[str], aliases: dict) -> str:
    """``text`` with each word one typo away from exactly one word of the options put right ("thier" -> "their").

    Words shorter than :data:`TYPO_MIN_LETTERS` letters, and words that are in an option already, are left alone.
    """
    vocab = _vocabulary(options, aliases)

    def fix(m):
        word = m[0]
        if len(word) < TYPO_MIN_LETTERS or word in vocab:
            return word
        near = {v for v in vocab if len(v) >= TYPO_MIN_LETTERS and one_edit(word, v)}
        return near.pop() if len(near) == 1 else word
    return re.sub(r"[a-z]+", fix, text)


#: Everyday words that say nothing about which option is meant ("have them repeat it" is not "Do you have …?").
_COMMON = {"have", "has", "had", "them", "they", "you", "your", "we", "us", "do", "does", "did", "will", "would",
           "can", "could", "should", "what", "when", "how", "which", "who", "all", "any", "more", "most", "less",
           "just", "then", "than", "there", "here", "into", "out", "up", "about", "answer", "option", "think",
           "one", "i", "me", "my", "he", "she", "her", "his", "if", "or", "but", "get", "give", "make"}

#: Number words read as digits in an answer to numbered options ("session four" is "Session 4").
_NUMBER_WORDS = {w: str(n) for n, w in enumerate(["two", "three", "four", "five", "six", "seven", "eight", "nine",
                                                  "ten"], start=2)}     # not "one": "the one about …"


def nearest(options: list[str], answer, aliases: dict | None = None) -> list[str]:
    """The options an unmatched answer comes nearest to: most words (stems, typos put right) in common, then the
    most similar text. Empty when the answer shares no word with any option.

    >>> nearest(["Accept the offer", "Offer a qualified interpreter at no cost"], "get a qualified interpreter")
    ['Offer a qualified interpreter at no cost']
    """
    import difflib

    aliases = aliases or {}
    if not isinstance(answer, str):
        return []
    text = _spelled(_norm(answer), options, aliases)
    every = set.intersection(*(_stems(_norm(o)) for o in options)) if options else set()
    mine = _stems(text) - _COMMON - every      # a word every option has ("session") tells them apart no better

    def shared(form):      # a word in common: the same stem, or a start of 4+ letters of one ("revers", "reverses")
        theirs = _stems(_norm(form))
        return sum(any(w == t or len(w) >= 4 and (t.startswith(w) or w.startswith(t) and len(t) >= 4)
                       for t in theirs) for w in mine)
    score = {o: max(shared(f) for f in [o, *aliases.get(o, [])]) for o in options}
    best = max(score.values(), default=0)
    if best == 0:
        return []
    tied = [o for o in options if score[o] == best]
    ratio = {o: difflib.SequenceMatcher(None, text, _norm(o)).ratio() for o in tied}
    top = max(ratio.values())
    return [o for o in tied if ratio[o] >= top - 0.05]


def choose(options: list[str], answer, aliases: dict | None = None):
    """The one option an answer means, as ``(option, problem)``: ``problem`` says why there is none.

    Accepted: the option's letter ("b", "(b)", "B."), its number counted from 1 (2, "2", 2.0) —
    or, when every option carries a number of its own (:func:`numbered_options`), the number
    written in it — its text with or without the letter ("b) …"), an alias the exercise lists,
    or a short form that fits exactly one option. An answer that names more than one option
    ("a or b", "Urgent care or Emergency department") or rules one out ("not b", "except …") is
    never read as a choice.

    Examples
    --------
    >>> choose(["Red", "Green"], "b")
    ('Green', None)
    >>> choose(["Red", "Green"], "Red or Green")[1]
    'choose one option — the answer names more than one: “Red”; “Green”.'
    """
    aliases = aliases or {}
    if isinstance(answer, (list, tuple, set, np.ndarray, pd.Series, pd.Index)):   # ["b"], a one-row Series
        values = list(answer)
        if len(values) == 1:
            return choose(options, values[0], aliases)
        if len(values) > 1:
            return None, f"choose one option — the answer is a {type(answer).__name__} of {len(values)} values."
    if isinstance(answer, numbers.Real) and not isinstance(answer, bool):
        if float(answer).is_integer():
            return _by_number(options, int(answer))
        return None, f"{answer} is not an option number: answer with the option's letter, number or text."
    if not isinstance(answer, str):
        return None, None
    text = _spelled(_norm(answer), options, aliases)
    if numbered_options(options):     # "session four" is "session 4" where every option carries a number
        text = re.sub(r"[a-z]+", lambda m: _NUMBER_WORDS.get(m[0], m[0]), text)
    negated = _NEGATION.findall(text)
    tokens = [t for t in _JOINS.split(text) if t and re.search(r"\w", t)]
    if tokens and all(_REF.fullmatch(t) or _NEGATION.fullmatch(t) for t in tokens):   # "b", "2", "a or c", "not b"
        refs = {t: _by_reference(options, t) for t in tokens if _REF.fullmatch(t)}
        chosen = list(dict.fromkeys(o or t for t, (o, _) in refs.items()))   # an unknown letter still counts
        problem = next((p for _, p in refs.values() if p), None)
        return _one(chosen, negated, [], problem) if len(chosen) > 1 or None not in [o for o, _ in refs.values()] \
            else (None, problem)
    m = re.match(r"^\(?([a-z])[\).:]\s+(.+)$", text)    # "b) option text": the letter and the text must agree
    if m:
        by_letter, by_text = _by_reference(options, m[1])[0], choose(options, m[2], aliases)
        if by_letter and by_text[0] in (None, by_letter) and not (by_text[1] or "").startswith("choose one"):
            return (by_letter, None) if by_text[0] else (None, by_text[1])
        if by_letter and by_text[0]:
            return _one([by_letter, by_text[0]], [], [], None)
    bare = text
    exact = [o for o in options if bare in {_norm(f) for f in [o, *aliases.get(o, [])]}]
    if exact:
        return exact[0], None
    mentioned = _mentions(options, aliases, bare)
    rest = _without(bare, mentioned, aliases)
    named = list(dict.fromkeys(mentioned + _named_in(options, aliases, rest)))
    if len(named) > 1:                                        # "a or Urgent care", "urgent or emergency"
        return _one(named, negated, [], None)
    if mentioned:                                             # "not" outside the option's own text
        return _one(mentioned, _NEGATION.findall(rest), [], None)
    shorts = _short_form(options, aliases, bare)
    if len(shorts) > 1:
        return None, (f"“{answer.strip()}” fits more than one option ({'; '.join(shorts)}): give more of the "
                      "option's text, or its letter.")
    if not shorts and named:                                  # one letter in a sentence ("I think b")
        return _one(named, negated, [], None)
    return _one(shorts, negated, shorts, None)


def _without(text: str, mentioned: list[str], aliases: dict) -> str:
    """``text`` with the options quoted in full (or their aliases) taken out."""
    for option in mentioned:
        for form in sorted([option, *aliases.get(option, [])], key=len, reverse=True):
            text = re.sub(r"(?<!\w)" + re.escape(_norm(form)) + r"(?!\w)", " , ", text)
    return text


def _named_in(options: list[str], aliases: dict, text: str) -> list[str]:
    """What the rest of an answer names: each part between "or", "and", commas… that is a letter or
    number (even one that is no option) or a short form of exactly one option."""
    named = []
    for part in re.split(r"\s*(?:,|;|/|&|\+|\bor\b|\band\b|\bnot\b|\bexcept\b)\s*", text):
        part = part.strip(" .:!?")
        words = part.split()
        refs = [w for k, w in enumerate(words) if _REF.fullmatch(w) and (  # "b", "a c", "maybe a", "(a)"
            len(words) == 1 or all(_REF.fullmatch(x) for x in words)
            or re.fullmatch(r"[b-hj-z]|\(?[a-z]\)|\(?[a-z][.:]", w)
            or k == len(words) - 1 and (w == "a" or w[0].isdigit() and _by_reference(options, w)[0]))]
        named += [_by_reference(options, r)[0] or r for r in refs]
        if part and not refs:
            hits = _short_form(options, aliases, part)
            named += hits if len(hits) == 1 else []
    return named


def _one(chosen: list[str], negated: list[str], texts: list[str], problem):
    """The single option chosen, unless the answer names several or rules one out."""
    if len(chosen) > 1:
        return None, "choose one option — the answer names more than one: " + "; ".join(f"“{o}”" for o in chosen) \
            + "."
    if len(negated) > max((len(_NEGATION.findall(_norm(t))) for t in texts), default=0):
        return None, ("choose one option — name the option you mean, not one you rule out "
                      "(an answer with “not”, “isn't” or “except” is not read as a choice).")
    return (chosen[0], None) if chosen else (None, problem)
