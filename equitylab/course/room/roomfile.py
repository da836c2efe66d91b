"""A symposium's room on the hub: its settings file, the names people sign in with, who has signed in.

``equitylab hub create`` writes ``<folder>/room.yml`` (owner-only: it holds the codes); everything the hub
keeps for the day lives beside it (its database, cookie secret, the notebooks it hands out, ``signed_in.json``).

* A participant signs in with a **name** and the **room code** (shown on the screen; not case-sensitive,
  spaces and dashes ignored). Faculty sign in with their name and the **faculty code**.
* The name typed ("María López") is the name the room shows; the hub's user name is its lower-case form
  (``maría-lópez``) and the system user it runs as is ASCII (``el-maria-lopez-3f2a1c``).
* A name is *claimed* at its first sign-in; signing in again with a claimed name from another browser is
  refused with a message (two people in the room typed the same name), until faculty release it.

Example
-------
>>> hub_name("  Maria   K ")
'maria-k'
>>> system_user("maria-k")
'el-maria-k'
>>> normalize_code("lake-7q4m 2xnc")
'LAKE7Q4M2XNC'
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import secrets
import tempfile
import time
import unicodedata
from pathlib import Path

__all__ = ["Room", "RoomError", "create", "load", "hub_name", "system_user", "normalize_code", "SignIns",
           "ROOM_FILE"]

ROOM_FILE = "room.yml"
#: Letters and digits people can read off a projector without confusing them (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
MAX_NAME = 32


class RoomError(ValueError):
    """A room file, a name or a code that cannot be used; the message says what to do."""


@dataclasses.dataclass
class Room:
    """The settings of one room (``room.yml``). Sizes come from the measurements in docs/hosting.md."""

    folder: Path
    room_code: str
    faculty_code: str
    faculty: list[str]
    api_token: str
    title: str = "Equity Lab"
    participants: list[str] = dataclasses.field(default_factory=list)
    port: int = 8000
    ip: str = ""
    home_root: str = "/home"
    user_prefix: str = "el-"
    #: seconds a participant's server may take to start (40 at once on 2 cores took ~120 s)
    start_timeout: int = 600
    #: servers starting at the same moment (more queue; the hub says "try again" past the limit)
    concurrent_spawn_limit: int = 0
    #: a kernel idle this long (seconds) is shut down (saved work stays; re-run the notebook)
    cull_kernels_after: int = 1800
    #: a whole server idle this long (seconds) is stopped by jupyterhub-idle-culler
    cull_servers_after: int = 3600
    #: the hub's own API and the proxy's API, on 127.0.0.1 (change them to run two hubs on one machine)
    hub_api_port: int = 8081
    proxy_api_port: int = 8001
    #: the room page's own port on 127.0.0.1 (the hub's proxy serves it at /services/room/)
    service_port: int = 8011
    #: the hub's first single-user port: participant with hub id N gets base + N (no two servers collide)
    server_port_base: int = 20000
    #: where the room page finds workspaces when homes are not ``home_root/<system user>`` (Kubernetes: a glob
    #: such as ``/srv/homes/*/equitylab/my_equitylab/workspace.json``; each is matched to its hub user by name)
    workspaces: str = ""

    @property
    def faculty_names(self) -> list[str]:
        return [hub_name(f) for f in self.faculty]

    def spawn_limit(self) -> int:
        """``concurrent_spawn_limit``, or 3 per core when not set (measured: docs/hosting.md)."""
        return self.concurrent_spawn_limit or 3 * (os.cpu_count() or 1)

    def home(self, name: str) -> Path:
        return Path(self.home_root) / system_user(name, self.user_prefix)

    def workspace(self, name: str) -> Path:
        """Where participant ``name`` (a hub name) saves: ``~/equitylab/my_equitylab/workspace.json``."""
        return self.home(name) / "equitylab" / "my_equitylab" / "workspace.json"

    def to_yaml(self) -> str:
        import yaml

        data = {k: (str(v) if isinstance(v, Path) else v) for k, v in dataclasses.asdict(self).items()
                if k != "folder"}
        head = ("# Equity Lab room, written by `equitylab hub create`. It holds the codes: keep it private.\n"
                "# room_code: participants sign in with their name and this code (shown on the screen).\n"
                "# faculty_code: faculty sign in with their name (one of `faculty`) and this code.\n"
                "# participants: names to pre-start before the session (`equitylab hub prestart`); walk-ins "
                "need no entry.\n")
        return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def normalize_code(code: str) -> str:
    """A room code as compared: upper case, without spaces or dashes."""
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def _new_code() -> str:
    return "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3))


def hub_name(typed: str) -> str:
    """The hub's user name for a name typed at sign-in (lower case, words joined by ``-``).

    Raises :class:`RoomError` naming the problem for an empty, too long or unusual name.
    """
    text = unicodedata.normalize("NFKC", str(typed or ""))
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))
    out, bad = [], []
    for ch in text.strip().lower():
        if ch.isalnum():
            out.append(ch)
        elif ch.isspace() or ch in "-_.":
            out.append("-")
        elif ch in "'’":
            continue
        else:
            bad.append(ch)
    name = "-".join(part for part in "".join(out).split("-") if part)
    if bad:
        raise RoomError(f"Names can use letters, numbers, spaces, '-' and '.', not {''.join(dict.fromkeys(bad))!r}: "
                        f"type your name as you want the room to see it, e.g. 'Maria K'.")
    if not name:
        raise RoomError("Type your name (or initials) to sign in, e.g. 'Maria K'.")
    if len(name) > MAX_NAME:
        raise RoomError(f"That name is {len(name)} characters long; use at most {MAX_NAME}, e.g. a first name "
                        f"and an initial.")
    return name


def display_name(typed: str) -> str:
    """The name as typed, tidied (control and invisible characters removed, spaces collapsed)."""
    text = unicodedata.normalize("NFKC", str(typed or ""))
    return " ".join("".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf")).split())[:80]


def system_user(name: str, prefix: str = "el-") -> str:
    """The system user a hub name runs as: ASCII, at most 32 characters, distinct for distinct names."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = "-".join(p for p in "".join(c if c.isalnum() else "-" for c in ascii_.lower()).split("-") if p)
    room = 32 - len(prefix)
    if slug == name and len(slug) <= room:
        return prefix + slug
    digest = hashlib.sha256(name.encode()).hexdigest()[:6]
    return f"{prefix}{slug[: room - 7].rstrip('-') or 'user'}-{digest}"


def create(folder, faculty: list[str], *, code: str | None = None, title: str = "Equity Lab",
           participants: list[str] | None = None, port: int = 8000, force: bool = False) -> Room:
    """Write a new room file in ``folder`` and return the room (its codes are printed once by the command)."""
    folder = Path(folder)
    if (folder / ROOM_FILE).exists() and not force:
        raise RoomError(f"{folder / ROOM_FILE} exists already: serve it with `equitylab hub serve --dir {folder}`, "
                        f"or give --force to start a new room (the old codes stop working).")
    faculty = [display_name(f) for f in faculty if display_name(f)]
    if not faculty:
        raise RoomError("Name at least one faculty member: --faculty 'Ana Diaz' (faculty see the room page).")
    for f in faculty + list(participants or []):
        hub_name(f)            # a name nobody could sign in with is refused now, not at 8:00
    code = code or _new_code()
    if len(normalize_code(code)) < 8:
        raise RoomError(f"The room code {code!r} is too short: use at least 8 letters or digits (or leave out "
                        f"--code and one is made for you).")
    room = Room(folder=folder.resolve(), room_code=code, faculty_code=secrets.token_urlsafe(24),
                faculty=faculty, api_token=secrets.token_hex(32), title=title,
                participants=[display_name(p) for p in participants or []], port=port)
    folder.mkdir(parents=True, exist_ok=True)
    _write_private(folder / ROOM_FILE, room.to_yaml())
    return room


def load(folder) -> Room:
    """Read ``<folder>/room.yml``; a missing or wrong file is a :class:`RoomError` saying what to do."""
    import yaml

    folder = Path(folder)
    path = folder / ROOM_FILE
    if not path.is_file():
        raise RoomError(f"No room in {folder}: create one with `equitylab hub create --dir {folder} "
                        f"--faculty 'Your Name'`.")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise RoomError(f"{path} is not valid YAML ({exc.__class__.__name__}): fix it or create the room again.") \
            from None
    fields = {f.name for f in dataclasses.fields(Room)} - {"folder"}
    unknown = sorted(set(data) - fields)
    if unknown:
        raise RoomError(f"{path}: unknown setting(s) {', '.join(unknown)}; the settings are: {', '.join(sorted(fields))}.")
    missing = sorted(k for k in ("room_code", "faculty_code", "faculty", "api_token") if not data.get(k))
    if missing:
        raise RoomError(f"{path} has no {', '.join(missing)}: create the room with `equitylab hub create`.")
    room = Room(folder=folder.resolve(), **data)
    if len(normalize_code(room.room_code)) < 8:
        raise RoomError(f"{path}: room_code must have at least 8 letters or digits.")
    if len(room.faculty_code) < 32:
        raise RoomError(f"{path}: faculty_code must be at least 32 characters (JupyterHub's rule for admin codes).")
    return room


def _write_private(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class SignIns:
    """Who has signed in (``<folder>/signed_in.json``): hub name -> the name as typed and when.

    Kept in a file beside the room so that a restarted hub still knows which names are taken.
    """

    def __init__(self, folder):
        self.path = Path(folder) / "signed_in.json"

    def all(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except ValueError:           # a damaged file must not lock the room out: start again, keep a copy
            self.path.replace(self.path.with_suffix(f".damaged-{int(time.time())}"))
            return {}

    def get(self, name: str) -> dict | None:
        return self.all().get(name)

    def claim(self, name: str, typed: str) -> None:
        data = self.all()
        data.setdefault(name, {"display": display_name(typed) or name, "since": time.strftime("%Y-%m-%d %H:%M:%S")})
        _write_private(self.path, json.dumps(data, indent=1, ensure_ascii=False))

    def release(self, name: str) -> bool:
        data = self.all()
        found = data.pop(name, None) is not None
        _write_private(self.path, json.dumps(data, indent=1, ensure_ascii=False))
        return found

    def display(self, name: str) -> str:
        """The name as typed at sign-in, else as listed for pre-start, else the hub name."""
        entry = self.get(name)
        return entry["display"] if entry else self.expected().get(name, name)

    @property
    def _expected_path(self) -> Path:
        return self.path.with_name("expected.json")

    def expected(self) -> dict:
        """Names given to ``equitylab hub prestart`` (hub name -> the name as written), for servers started
        before their owner signs in."""
        try:
            return json.loads(self._expected_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}

    def expect(self, names) -> None:
        data = self.expected()
        data.update({hub_name(n): display_name(n) for n in names})
        _write_private(self._expected_path, json.dumps(data, indent=1, ensure_ascii=False))
