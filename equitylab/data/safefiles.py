"""Safe files and clean labels: what Equity Lab writes can be opened and read without surprises.

* **CSV cells** (:func:`write_csv`): a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return is a formula to a spreadsheet (OWASP, *CSV Injection*): it gets a leading ``'``, so
  ``=HYPERLINK(..)``, ``+cmd``, ``@SUM(..)`` and the text ``-2+3`` are shown as typed. Numbers stay
  numbers (``-2.5`` as a number is written as ``-2.5``).
* **File names** (:func:`safe_name`): built only from letters, digits, ``.``, ``_`` and ``-``; a name
  that had to change gets a short hash of the original, so ``../outside/pwned`` cannot leave the
  output folder and two names never collide.
* **Labels** (:func:`clean_label`, :func:`normalise_labels`): Unicode NFC, with zero-width and bidi
  control characters removed, so ``Médecine`` stored composed and decomposed, or
  ``Cardiology`` with a zero-width space or a right-to-left override, is one group.

Example
-------
>>> clean_label("Cardiology\\u200b"), safe_name("../outside/pwned")
('Cardiology', 'outside_pwned-a0add8')
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["write_csv", "neutralise", "safe_name", "clean_label", "normalise_labels", "label_change",
           "FORMULA_START"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """One CSV cell as written: text that a spreadsheet would run as a formula gets a leading ``'``.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-2+3"), neutralise(-2.5), neutralise("Asian")
    ('\\'=HYPERLINK("http://x")', "'-2+3", -2.5, 'Asian')
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(table: pd.DataFrame, path, **kwargs) -> Path:
    """``table.to_csv(path)`` with every text cell and column name passed through :func:`neutralise`.

    >>> import tempfile, os
    >>> p = write_csv(pd.DataFrame({"g": ["+cmd", "A"], "n": [-1, 20]}), os.path.join(tempfile.mkdtemp(), "t.csv"))
    >>> open(p).read().splitlines()
    ['g,n', "'+cmd,-1", 'A,20']
    """
    out = table.copy()
    for col in out.columns:
        if out[col].dtype == object or isinstance(out[col].dtype, (pd.StringDtype, pd.CategoricalDtype)):
            out[col] = out[col].astype(object).map(neutralise)
    out.columns = [neutralise(str(c)) if not isinstance(c, str) else neutralise(c) for c in out.columns]
    kwargs.setdefault("index", False)
    out.to_csv(path, **kwargs)
    return Path(path)


def safe_name(text, *, limit: int = 60) -> str:
    """A file-name part made only of ``A–Z a–z 0–9 . _ -``, never starting with a dot; when anything had
    to change, a 6-character hash of the original is added so different names stay different.

    >>> safe_name("readmit_30d"), safe_name("../outside/pwned"), safe_name("Médecine")
    ('readmit_30d', 'outside_pwned-a0add8', 'M_decine-5b90bc')
    """
    original = str(text)
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", unicodedata.normalize("NFC", original)).strip("._-")[:limit]
    if name == original and name:
        return name
    digest = hashlib.sha1(original.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return f"{name or 'x'}-{digest}"


def clean_label(value):
    """A label as one group: Unicode NFC, with invisible format characters (zero-width spaces and joiners,
    bidi controls such as the right-to-left override, a byte-order mark) removed. Spaces are kept as
    recorded. Anything not text is returned unchanged.

    >>> clean_label("Me\u0301decine") == clean_label("Médecine"), clean_label("\u202eCardiology")
    (True, 'Cardiology')
    """
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFC", value)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf") if not text.isascii() else text


def _why(raw: str, clean: str) -> str:
    reasons = []
    if unicodedata.normalize("NFC", raw) != raw:
        reasons.append("composed (NFC)")
    if any(unicodedata.category(ch) == "Cf" for ch in raw):
        reasons.append("invisible or bidi control characters removed")
    return ", ".join(reasons)


def label_change(value) -> str:
    """What :func:`clean_label` changes in a label, in words ("" when nothing).

    >>> label_change("Cardiology\u200b"), label_change("Asian")
    ('invisible or bidi control characters removed', '')
    """
    if not isinstance(value, str) or clean_label(value) == value:
        return ""
    return _why(value, clean_label(value))


def normalise_labels(values: pd.Series) -> tuple[pd.Series, pd.DataFrame]:
    """Clean every text label of one dimension (:func:`clean_label`), working on its distinct values.

    Returns the cleaned labels and a table of what changed: ``raw`` (as recorded, made visible with
    ``ascii``), ``label``, ``reason`` — empty when nothing changed.

    >>> s, changes = normalise_labels(pd.Series(["Médecine", "Me\\u0301decine", "Cardiology\\u200b"]))
    >>> s.tolist(), changes["reason"].tolist()
    (['Médecine', 'Médecine', 'Cardiology'], ['composed (NFC)', 'invisible or bidi control characters removed'])
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        cats = values.cat.categories
        uniques = np.asarray(cats, dtype=object)
    else:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        uniques = np.asarray(uniques, dtype=object)
    cleaned = np.array([clean_label(u) for u in uniques], dtype=object)
    changed = [i for i, (u, c) in enumerate(zip(uniques, cleaned)) if isinstance(u, str) and u != c]
    changes = pd.DataFrame({"raw": [ascii(uniques[i])[1:-1] for i in changed], "label": cleaned[changed].tolist(),
                            "reason": [_why(uniques[i], cleaned[i]) for i in changed]},
                           columns=["raw", "label", "reason"])
    if not changed:
        return values, changes
    if isinstance(values.dtype, pd.CategoricalDtype):
        out = pd.Series(np.asarray(values.astype(object)), index=values.index, name=values.name)
        return out.map(dict(zip(uniques, cleaned))), changes
    out = pd.Series(np.where(codes >= 0, cleaned[np.maximum(codes, 0)], None), index=values.index, name=values.name)
    return out.where(codes >= 0, values), changes
