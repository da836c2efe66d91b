"""Where the rows are: one open connection per source — DuckDB (files, databases, DataFrames), PostgreSQL, Spark.

Each engine reports its columns' kinds and runs one query; :mod:`equitylab.stats.sql` writes the queries.
Spark is started only for ``engine="spark"`` or a Spark DataFrame (its start-up is Java's, 1–3 minutes on a
small machine); DuckDB is the default.

Example
-------
>>> import pandas as pd
>>> eng = open_source(pd.DataFrame({"g": ["a", "b"], "y": [0, 1]}))
>>> eng.columns()
{'g': 'text', 'y': 'number'}
>>> eng.close()
"""
from __future__ import annotations

import abc
import glob as _glob
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .._validate import check_csv_header

__all__ = ["Source", "source", "open_source"]

_URL_RE = re.compile(r"^(postgres|postgresql|duckdb)(\+\w+)?://", re.I)
_FILE_TYPES = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".txt": "csv", ".tsv": "csv",
               ".duckdb": "duckdb", ".db": "duckdb", ".ddb": "duckdb"}


@dataclass(frozen=True)
class Source:
    """Where the rows are: a file, glob or folder, a DuckDB database, or a PostgreSQL URL.

    ``table`` or ``query`` name the rows inside a database; ``engine="spark"`` reads files with
    Spark (the session from ``SparkSession.builder.getOrCreate()``, so ``spark-submit`` or
    ``SPARK_MASTER`` points it at a cluster).
    """

    location: str
    table: str | None = None
    query: str | None = None
    engine: str = "auto"
    quiet: bool = field(default=False, compare=False)   # Spark started here prints no progress bars or log lines

    @property
    def kind(self) -> str:
        m = _URL_RE.match(self.location)
        if m:
            return "postgres" if m.group(1).lower().startswith("postgres") else "duckdb"
        if Path(self.location).is_dir():
            return "folder"
        if any(ch in self.location for ch in "*?["):
            return "glob"
        suffix = Path(self.location).suffix.lower()
        if suffix not in _FILE_TYPES:
            raise ValueError(f"Cannot read {self.location!r}: the data source must be a .csv or .parquet file, a "
                             f"folder or glob of parquet parts, a .duckdb database (with table=...) or a "
                             f"postgresql://user@host/database URL (with table=... or query=...).")
        return _FILE_TYPES[suffix]

    def describe(self) -> str:
        """The source for messages, without a password."""
        where = re.sub(r"://([^:@/]+):[^@/]*@", r"://\1:***@", self.location)
        return where + (f" table {self.table}" if self.table else "") + (" (query)" if self.query else "")


def source(location, *, table: str | None = None, query: str | None = None, engine: str = "auto") -> Source:
    """Name a data source for :func:`equitylab.aggregate`, :func:`equitylab.stratify` and ``equitylab report``.

    Parameters
    ----------
    location : str or path
        A ``.csv``/``.parquet`` file, a glob (``parts/*.parquet``), a folder of parquet parts
        (hive-partitioned folders such as ``year=2025/`` become columns), a ``.duckdb`` file, or a
        ``postgresql://user@host:5432/database`` URL (``?table=name`` may be given in the URL).
    table, query : str, optional
        The table (``schema.table`` allowed) or a ``SELECT`` query inside a database.
    engine : {"auto", "duckdb", "spark"}
        ``"spark"`` reads files with Spark instead of DuckDB.

    Examples
    --------
    >>> source("postgresql://analyst@db.example.org/quality?table=encounters").table
    'encounters'
    >>> source("extract.parquet").kind
    'parquet'
    """
    location = os.fspath(location)
    m = re.search(r"[?&]table=([^&]+)", location) if _URL_RE.match(location) else None
    if m:
        table = table or m.group(1)
        location = re.sub(r"[?&]table=[^&]+", "", location)
    if engine not in ("auto", "duckdb", "spark"):
        raise ValueError(f"engine={engine!r}: use 'auto', 'duckdb' or 'spark'.")
    if table and query:
        raise ValueError("Give table= or query=, not both.")
    if table and not re.fullmatch(r"[A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*)?", table):
        raise ValueError(f"table={table!r} is not a plain table name (letters, digits, _; schema.table allowed). "
                         "For anything else use query='SELECT ...'.")
    src = Source(location, table, query, engine)
    if src.kind == "postgres" and re.match(r"^[^:]+://[^:@/]+:[^@/]+@", location):
        import warnings

        warnings.warn(f"The URL {src.describe()} holds a password: it stays in shell history, notebooks and the "
                      f"process list. Leave it out and set PGPASSWORD, or put it in ~/.pgpass (mode 600).",
                      UserWarning, stacklevel=2)
    if src.kind in ("postgres", "duckdb") and not (table or query):
        raise ValueError(f"{src.describe()} is a database: say which rows with table='name' or query='SELECT ...'.")
    return src


def _q(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


# --- engines ----------------------------------------------------------------------------------------
class _Engine(abc.ABC):
    """One open connection to where the rows are: column kinds, and running a query."""

    dialect = "duckdb"
    relation = "src"

    @abc.abstractmethod
    def columns(self) -> dict:
        """Column name -> "number" | "double" | "bool" | "text" | "other"."""

    @abc.abstractmethod
    def run(self, sql: str) -> pd.DataFrame:
        """Run one query where the rows are; the result as a DataFrame."""

    def close(self) -> None:
        pass


def _kind_of(type_name: str) -> str:
    t = type_name.upper()
    if t.startswith("BOOL"):
        return "bool"
    if t in ("DOUBLE", "FLOAT8", "DOUBLE PRECISION", "DOUBLETYPE"):
        return "double"  # no cast needed
    if any(k in t for k in ("INT", "DOUBLE", "FLOAT", "DECIMAL", "REAL", "NUMERIC", "LONG", "SHORT", "BYTE")):
        return "number"
    if any(k in t for k in ("CHAR", "TEXT", "STRING")):
        return "text"
    return "other"


class _DuckDB(_Engine):
    def __init__(self, data, con=None, owned=None):
        import duckdb

        self.con = con or duckdb.connect()
        self.owned = con is None if owned is None else owned
        self.rel = data if not isinstance(data, pd.DataFrame) else self.con.from_df(data)
        if isinstance(data, str):
            self.relation = data
        self.csv = None  # (location, separator) of a CSV source: its column types come from a sample

    def retype(self, types: dict) -> None:
        """Read a CSV source again with the given column types (DuckDB decided them from a sample of rows)."""
        loc, sep = self.csv
        self.rel = self.con.read_csv(loc, sep=sep, header=True, dtype=types)

    def columns(self):
        rel = self.con.sql(f"SELECT * FROM {self.rel} LIMIT 0") if isinstance(self.rel, str) else self.rel
        return {c: _kind_of(str(t)) for c, t in zip(rel.columns, rel.types)}

    def run(self, sql):
        import duckdb

        try:
            if isinstance(self.rel, str):  # a subquery over an attached database
                return self.con.sql(sql).df()
            return self.rel.query(self.relation, sql).df()
        except duckdb.Error as err:
            raise ValueError(_duckdb_message(err)) from None

    def close(self):
        if self.owned:
            self.con.close()


class _Postgres(_Engine):
    dialect = "postgres"
    _NUM = {20, 21, 23, 700, 701, 1700, 26}
    _TEXT = {25, 1043, 1042, 19, 18}

    def __init__(self, src: Source):
        import psycopg

        url = re.sub(r"^postgres(ql)?\+\w+://", "postgresql://", src.location)
        try:
            self.con = psycopg.connect(url, connect_timeout=10)
        except psycopg.OperationalError as err:
            reason = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
            raise ConnectionError(f"Cannot reach the database {src.describe()}: {reason}. Check the host, port, "
                                  f"database name and credentials (e.g. in ~/.pgpass), and that the server "
                                  f"accepts connections.") from None
        self.relation = (f"({src.query}) AS src" if src.query
                         else ".".join(_q(p) for p in src.table.split(".")) + " AS src")

    def columns(self):
        import psycopg

        try:
            with self.con.cursor() as cur:
                cur.execute(f"SELECT * FROM {self.relation} LIMIT 0")
                desc = cur.description
        except psycopg.Error as err:
            self.con.rollback()
            raise ValueError(f"The database refused the source: {str(err).strip().splitlines()[0]}. Check the "
                             f"table name or query.") from None
        return {d.name: ("bool" if d.type_code == 16 else "number" if d.type_code in self._NUM
                         else "text" if d.type_code in self._TEXT else "other") for d in desc}

    def run(self, sql):
        import psycopg

        try:
            with self.con.cursor() as cur:
                cur.execute(sql)
                names = [d.name for d in cur.description]
                return pd.DataFrame(cur.fetchall(), columns=names)
        except psycopg.Error as err:
            self.con.rollback()
            raise ValueError(f"The database could not run the aggregation: {str(err).strip().splitlines()[0]}") \
                from None

    def close(self):
        self.con.close()


class _Spark(_Engine):
    dialect = "spark"

    def __init__(self, frame):
        import uuid

        self.frame = frame
        self.relation = "equitylab_src_" + uuid.uuid4().hex[:8]
        frame.createOrReplaceTempView(self.relation)

    def columns(self):
        return {name: _kind_of(t) for name, t in self.frame.dtypes}

    def run(self, sql):
        try:
            rows = self.frame.sparkSession.sql(sql).collect()
        except Exception as err:  # pyspark's AnalysisException and Py4J errors: one line, not a Java trace
            raise ValueError(_spark_message(err)) from None
        return pd.DataFrame([r.asDict() for r in rows])

    def close(self):
        self.frame.sparkSession.catalog.dropTempView(self.relation)


def _spark_message(err) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    if "TIMESTAMP(NANOS" in text:
        text += (" — the parquet file has nanosecond timestamps (pandas' default); write it with "
                 "coerce_timestamps='us', or set spark.sql.legacy.parquet.nanosAsLong=true")
    return f"Spark could not run the aggregation: {text}"


def _spark_read(src: Source, kind: str):
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("equitylab")
    spark = _quiet_start(builder) if src.quiet else builder.getOrCreate()
    if kind == "csv":
        return spark.read.csv(src.location, header=True, inferSchema=True)
    if kind in ("parquet", "folder", "glob"):
        try:
            return spark.read.option("basePath", _base_path(src.location)).parquet(src.location) \
                if kind == "glob" else spark.read.parquet(src.location)
        except Exception as err:  # a missing path, an unreadable file
            raise ValueError(_spark_message(err).replace("run the aggregation", f"read {src.describe()}")) from None
    raise ValueError(f"engine='spark' reads parquet or CSV files; {src.describe()} is a {kind} source.")


def _quiet_start(builder):
    """Start Spark with its Java process writing nothing to this terminal (its stderr is /dev/null from birth:
    the JVM's warnings, log lines and stage bars); Spark's errors still reach Python as exceptions."""
    import sys

    sys.stderr.flush()
    saved = os.dup(2)
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 2)
        return builder.config("spark.ui.showConsoleProgress", "false").getOrCreate()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


def _base_path(pattern: str) -> str:
    head = re.split(r"[*?\[]", pattern, maxsplit=1)[0]
    return head if head.endswith("/") else os.path.dirname(head) or "."


def _duckdb_read(con, src: Source, kind: str):
    loc = src.location
    if kind in ("parquet", "csv"):
        if not Path(loc).exists():
            raise FileNotFoundError(f"No data file at {loc!r}. Check the path (it is relative to {os.getcwd()!r}).")
        if Path(loc).is_dir() or Path(loc).stat().st_size == 0:
            raise ValueError(f"The file {loc!r} is {'a folder' if Path(loc).is_dir() else 'empty (0 bytes)'}: "
                             f"export the extract again.")
    if kind == "glob" and not _glob.glob(loc, recursive=True):
        raise FileNotFoundError(f"No file matches {loc!r} (relative to {os.getcwd()!r}).")
    if kind == "folder":
        parts = _glob.glob(os.path.join(loc, "**", "*.parquet"), recursive=True)
        if not parts:
            raise FileNotFoundError(f"The folder {loc!r} holds no .parquet files.")
        return con.read_parquet(os.path.join(loc, "**", "*.parquet"), hive_partitioning=True)
    if kind == "parquet" or (kind == "glob" and not loc.lower().endswith((".csv", ".txt", ".tsv"))):
        return con.read_parquet(loc, hive_partitioning=kind == "glob")
    if kind in ("csv", "glob"):
        sep = "\t" if loc.lower().endswith(".tsv") else ","
        for path in ([loc] if kind == "csv" else sorted(_glob.glob(loc, recursive=True))[:1]):
            check_csv_header(path, sep)      # repeated names, a ';'-separated file: named before DuckDB reads it
        return con.read_csv(loc, sep=sep, header=True)
    # DuckDB database file: attached read-only; the query runs on it as a subquery (no view is created)
    con.execute(f"ATTACH '{loc.replace(chr(39), chr(39) * 2)}' AS equitylab_db (READ_ONLY)")
    con.execute("USE equitylab_db")
    return f"({src.query}) AS src" if src.query else ".".join(_q(p) for p in src.table.split(".")) + " AS src"


def _duckdb_message(err) -> str:
    text = str(err)
    if "sniffing" in text or "Expected Number of Columns" in text or "too many columns" in text.lower():
        return ("its rows do not all have the same number of fields (ragged rows), or it is not comma-separated. "
                "Export the extract again as CSV with one header line, or as parquet.")
    if "UTF" in text or "unicode" in text.lower():
        return "it is not UTF-8 text. Save it again as UTF-8 CSV, or as parquet."
    return text.splitlines()[0]


def _is_spark_frame(data) -> bool:
    return type(data).__module__.startswith("pyspark.") and hasattr(data, "createOrReplaceTempView")


def open_source(data) -> _Engine:
    """An open engine over ``data`` (a :class:`Source`, path, DuckDB relation, DataFrame or Spark DataFrame)."""
    if _is_spark_frame(data):
        return _Spark(data)
    if isinstance(data, (str, os.PathLike)):
        data = source(data)
    if isinstance(data, Source):
        kind = data.kind
        if kind == "postgres":
            return _Postgres(data)
        if data.engine == "spark":
            return _Spark(_spark_read(data, kind))
        import duckdb

        if kind == "duckdb":
            data = Source(re.sub(r"^duckdb://", "", data.location), data.table, data.query, data.engine)
            if not Path(data.location).is_file():
                raise FileNotFoundError(f"No DuckDB database at {data.location!r} (relative to {os.getcwd()!r}).")
        con = duckdb.connect()
        try:
            eng = _DuckDB(_duckdb_read(con, data, kind), con=con, owned=True)
            if kind == "csv" or (kind == "glob" and data.location.lower().endswith((".csv", ".txt", ".tsv"))):
                eng.csv = (data.location, "\t" if data.location.lower().endswith(".tsv") else ",")
            return eng
        except duckdb.Error as err:
            con.close()
            raise ValueError(f"Cannot read {data.describe()}: {_duckdb_message(err)}") from None
        except BaseException:
            con.close()
            raise
    return _DuckDB(data)
