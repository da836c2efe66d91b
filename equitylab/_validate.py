"""Input checks shared by the public functions: clear errors that name the problem and the fix.

* :func:`require_columns` — a DataFrame has the columns a function needs (and they can be used:
  no MultiIndex, no duplicated or non-text names).
* :func:`check_data_file` — a hospital's extract on disk can be read: every reader of a data
  file (``extract.load``, the DuckDB path of ``aggregate``) calls it first, so one problem
  gives one message naming the file and the problem, whichever engine reads it.
* :func:`printable` — text from a participant made safe to print in a terminal.
"""
from __future__ import annotations

import csv
import os
import stat
import unicodedata
from pathlib import Path
from typing import Iterable

import pandas as pd

#: Extensions a data extract may have.
DATA_SUFFIXES = (".csv", ".txt", ".tsv", ".parquet")


def require_columns(df, columns: Iterable[str], *, what: str) -> None:
    """Raise a clear error unless ``df`` is a DataFrame with every column in ``columns``, once each.

    Refused, each with its own message: not a DataFrame; MultiIndex (several-level)
    columns; a column name that is not text; a missing column (the columns present are
    listed); a needed column that appears more than once.

    Examples
    --------
    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"a": [1]}), ["b"], what="demo()")
    Traceback (most recent call last):
    ...
    ValueError: demo(): column 'b' not found. Columns present: 'a'. Check the spelling or rename your column to match.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what} expects a pandas DataFrame, got {type(df).__name__}.")
    columns = list(columns)
    if isinstance(df.columns, pd.MultiIndex):
        raise ValueError(f"{what}: the table has several-level (MultiIndex) column names such as {df.columns[0]!r}. "
                         "Flatten them first, e.g. df.columns = ['_'.join(map(str, c)) for c in df.columns].")
    not_text = [c for c in columns if not isinstance(c, str)]
    if not_text:
        raise TypeError(f"{what}: column names are given as text, such as 'race_ethnicity'; got {not_text[0]!r} "
                        f"({type(not_text[0]).__name__}).")
    present = list(df.columns)
    missing = [c for c in columns if c not in present]
    if missing:
        names = ", ".join(map(repr, missing))
        listed = ", ".join(map(repr, present[:40])) + (", …" if len(present) > 40 else "") or "(none)"
        hint = ""
        if any(not isinstance(c, str) for c in present):
            hint = (" Some of the table's column names are not text (numbers?): name them, e.g. "
                    "df.columns = df.columns.map(str), or give the table a header row.")
        raise ValueError(f"{what}: column {names} not found. Columns present: {listed}. "
                         f"Check the spelling or rename your column to match.{hint}")
    for c in columns:
        times = present.count(c)
        if times > 1:
            raise ValueError(f"{what}: column {c!r} appears {times} times in the table, so it is not clear which to "
                             "use. Rename or drop the copies, e.g. df = df.loc[:, ~df.columns.duplicated()].")


def check_data_file(path) -> Path:
    """Check that a data extract on disk can be read; raise one clear error naming the file and the problem.

    Called by every reader of a data file — :func:`equitylab.extract.load` and the DuckDB
    path of :func:`equitylab.aggregate` — before it reads, so both give the same message.

    Checked: the path exists and is a regular file (not a folder, pipe or device); the
    extension is ``.csv``, ``.txt``, ``.tsv`` or ``.parquet``; the file is not empty. A text
    file is read through once (streamed, whatever its size): it must be UTF-8 (a byte-order
    mark is fine), have a header row with no repeated name, at least one data row, and every
    row the same number of fields as the header. A parquet file must be a readable parquet
    file with at least one row and no repeated column name.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    Path
        The path, checked.

    Raises
    ------
    FileNotFoundError, IsADirectoryError, ValueError
        With the file's name and what to do.

    Examples
    --------
    >>> check_data_file("no_such_extract.csv")
    Traceback (most recent call last):
    ...
    FileNotFoundError: No data file at 'no_such_extract.csv' ...
    """
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise FileNotFoundError(f"No data file at {str(p)!r} (relative to {os.getcwd()!r}). Check the path.") from None
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(f"{p} is a folder, not a data file: give the path of the .csv or .parquet file.")
    if not stat.S_ISREG(st.st_mode):
        raise ValueError(f"{p} is not a regular file (a pipe or device?); it was not read. Save the extract as a file.")
    suffix = p.suffix.lower()
    if suffix not in DATA_SUFFIXES:
        raise ValueError(f"Cannot read {p.name!r}: its extension {suffix or '(none)'!r} is not one of "
                         f"{', '.join(DATA_SUFFIXES)}. Save the extract as CSV (UTF-8) or parquet.")
    if st.st_size == 0:
        raise ValueError(f"{p.name} is empty (0 bytes). Export the extract again.")
    if suffix == ".parquet":
        _check_parquet(p)
    else:
        _check_text(p, "\t" if suffix == ".tsv" else ",")
    return p


def _check_text(p: Path, delimiter: str) -> None:
    header, rows, line = None, 0, 0
    try:
        with open(p, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            for row in reader:
                line = reader.line_num
                if not row:
                    continue
                if header is None:
                    header = row
                    _check_header(p, header)
                    continue
                rows += 1
                if len(row) != len(header):
                    raise ValueError(f"{p.name}, line {line}: {len(row)} fields where the header has {len(header)}. "
                                     "A value with a comma needs quotes; fix or remove the row and export again.")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{p.name} is not UTF-8 text (a byte 0x{exc.object[exc.start]:02x} after line {line}). "
                         "Save it as 'CSV UTF-8' (Excel: Save As → CSV UTF-8).") from None
    except csv.Error as exc:
        raise ValueError(f"{p.name}, line {line + 1}: the file cannot be read as CSV ({exc}).") from None
    if header is None:
        raise ValueError(f"{p.name} has only blank lines: no header and no data.")
    if rows == 0:
        raise ValueError(f"{p.name} has a header row but no data rows.")


def check_csv_header(path, delimiter: str = ",") -> None:
    """Only the header of a text extract (for readers that stream the rest, e.g. DuckDB): repeated column names,
    or a file separated by semicolons, are named with the fix."""
    p = Path(path)
    try:
        with open(p, encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh, delimiter=delimiter), None)
    except UnicodeDecodeError:
        raise ValueError(f"{p.name} is not UTF-8 text. Save it as 'CSV UTF-8' (Excel: Save As → CSV UTF-8).") from None
    if header:
        _check_header(p, header)


def _check_header(p: Path, header: list[str]) -> None:
    if len(header) == 1 and header[0].count(";") >= 1:
        raise ValueError(f"{p.name} appears to use ';' between columns ({header[0][:80]!r}), as Excel does in some "
                         "countries. Save it again as comma-separated: Excel → Save As → 'CSV UTF-8 (Comma delimited)'.")
    names = [h.strip() for h in header if h.strip()]
    repeated = sorted({h for h in names if names.count(h) > 1})
    if repeated:
        raise ValueError(f"{p.name}: column {', '.join(map(repr, repeated))} appears more than once in the header. "
                         "Rename the copies so each column has its own name.")


def _check_parquet(p: Path) -> None:
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(p).metadata
    except Exception as exc:  # pyarrow raises ArrowInvalid / OSError for a file that is not parquet
        raise ValueError(f"{p.name} is not a readable parquet file ({type(exc).__name__}: {str(exc)[:200]}). "
                         "Export it again, or save it as CSV.") from None
    names = [meta.schema.column(i).name for i in range(meta.num_columns)]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"{p.name}: column {', '.join(map(repr, repeated))} appears more than once.")
    if meta.num_rows == 0:
        raise ValueError(f"{p.name} has columns but no rows.")


def printable(text, *, limit: int = 200) -> str:
    """``text`` for a terminal: control and formatting characters removed, at most ``limit`` characters.

    Examples
    --------
    >>> printable("Sam\\x1b[2J\\u202e\\nLee")
    'Sam[2J Lee'
    """
    out = []
    for ch in str(text):
        cat = unicodedata.category(ch)
        if ch in "\t\n\r\v\f" or cat in ("Zl", "Zp"):
            out.append(" ")
        elif cat not in ("Cc", "Cf", "Cs", "Co", "Cn"):
            out.append(ch)
    return " ".join("".join(out).split())[:limit]
