"""Real database engines for the tests: a PostgreSQL server and a local Spark session, started and stopped here.

Import the fixtures into a test module (``from engines import postgres_url, spark``). The server runs as
an unprivileged user (``initdb`` refuses root: as root it runs as the ``postgres`` user with ``runuser``)
in a fresh folder, listening on 127.0.0.1 only; `make test` installs PostgreSQL when it is missing.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile

import pytest


def _pg_bin() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or ([shutil.which("initdb")] if shutil.which("initdb") else [])
    if not found:
        pytest.fail("PostgreSQL is not installed (no initdb): `make test` installs it (make postgres), "
                    "or run `apt-get install -y postgresql`.")
    return os.path.dirname(found[-1])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server for this test session; yields its URL and stops it afterwards."""
    bindir = _pg_bin()
    base = tempfile.mkdtemp(prefix="equitylab-pg-")
    data, sock = os.path.join(base, "data"), os.path.join(base, "sock")
    os.makedirs(sock)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
        os.chmod(base, 0o755)
    port = _free_port()
    run = dict(check=True, capture_output=True, text=True)
    try:
        subprocess.run(_as_user([f"{bindir}/initdb", "-D", data, "-A", "trust", "-U", "equitylab", "-E", "UTF8"]),
                       **run)
        subprocess.run(_as_user([f"{bindir}/pg_ctl", "-D", data, "-w", "-l", os.path.join(base, "log"), "-o",
                                 f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]), **run)
    except subprocess.CalledProcessError as err:
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"Could not start PostgreSQL: {err.stderr or err.stdout}")
    try:
        yield f"postgresql://equitylab@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_user([f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"]), capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def load_postgres(url: str, table: str, df) -> None:
    """Write a DataFrame into a PostgreSQL table (text, double precision, bigint or boolean columns)."""
    import numpy as np
    import pandas as pd
    import psycopg

    def sqltype(s):
        if s.dtype == bool:
            return "boolean"
        if pd.api.types.is_integer_dtype(s):
            return "bigint"
        if pd.api.types.is_float_dtype(s):
            return "double precision"
        return "text"

    cols = ", ".join(f'"{c}" {sqltype(df[c])}' for c in df.columns)
    with psycopg.connect(url) as con, con.cursor() as cur:
        cur.execute(f'DROP TABLE IF EXISTS "{table}"')
        cur.execute(f'CREATE TABLE "{table}" ({cols})')
        names = ", ".join(f'"{c}"' for c in df.columns)
        with cur.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in df.astype(object).itertuples(index=False):
                copy.write_row([None if (v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)))
                                else (str(v) if isinstance(v, str) else v.item() if hasattr(v, "item") else v)
                                for v in row])


@pytest.fixture(scope="session")
def spark():
    """A local Spark session (Java 17), stopped at the end of the test session."""
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[1]").appName("equitylab-tests")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
               .getOrCreate())
    try:
        yield session
    finally:
        session.stop()
