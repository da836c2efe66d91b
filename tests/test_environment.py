"""environment.yml (conda/Binder) must list the same pinned dependencies as pyproject.toml."""
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI names
CONDA_NAMES = {"duckdb": "python-duckdb"}


def _pyproject_pins():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(meta["dependencies"])
    for extra in meta.get("optional-dependencies", {}).values():
        reqs += extra
    pins = {}
    for req in reqs:
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)==([0-9][^;\s]*)", req.strip())
        assert m, f"pyproject.toml: {req!r} is not pinned with == (pin every dependency)"
        pins[CONDA_NAMES.get(m[1].lower(), m[1].lower())] = m[2]
    return pins


def _conda_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            name, _, version = dep.partition("=")
            pins[name.lower()] = version
    return env, pins


def test_environment_yml_matches_pyproject():
    pins = _pyproject_pins()
    env, conda = _conda_pins()
    conda_pkgs = {k: v for k, v in conda.items() if k not in ("python", "pip")}
    assert conda_pkgs == pins, (
        "environment.yml and pyproject.toml disagree. Only in pyproject: "
        f"{ {k: v for k, v in pins.items() if conda_pkgs.get(k) != v} }; only in environment.yml: "
        f"{ {k: v for k, v in conda_pkgs.items() if pins.get(k) != v} }"
    )
    assert "conda-forge" in env["channels"]


def test_python_version_matches():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    _, conda = _conda_pins()
    assert meta["requires-python"] == ">=" + conda["python"]
