"""JupyterHub's configuration for one room (used by ``deploy/hub/jupyterhub_config.py``).

The hub is JupyterHub 6 with its own parts, configured for a symposium:

* **Sign-in**: JupyterHub's built-in ``SharedPasswordAuthenticator`` (:class:`RoomAuthenticator` adds the
  room's messages): a participant types a name and the room code; faculty (``admin_users``) type their name
  and the faculty code and are admins. A wrong code, an unusable name and a name someone else in the room
  has already signed in with each get a sentence saying what to do.
* **Servers**: JupyterHub's ``LocalProcessSpawner`` (:class:`RoomSpawner`) runs each participant as a system
  user of their own (created at the first start, home folder owner-only, as The Littlest JupyterHub does),
  on a JupyterLab with the **student** notebooks (faculty: the instructor notebooks) copied at the first
  start and never overwritten; the workspace is ``~/equitylab/my_equitylab``.
* **Sizing** (measured, docs/hosting.md): start timeout, ``concurrent_spawn_limit``, kernels on the ``ipc``
  transport (files, not TCP ports: no two kernels can take the same port), each server on port
  ``server_port_base + user id`` (no two servers collide), idle kernels culled by Jupyter Server,
  idle servers stopped by ``jupyterhub-idle-culler``; one BLAS thread per kernel.
* **Services**: the room page (:mod:`.service`) at ``/services/room/``, faculty only; the culler; a token
  for ``equitylab hub prestart``.

``LocalProcessSpawner`` cannot limit memory per participant (it has no cgroups); culling bounds it here, and
the Kubernetes path (deploy/k8s/) sets a limit per participant.
"""
from __future__ import annotations

import asyncio
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

from jupyterhub.authenticators.shared import SharedPasswordAuthenticator
from jupyterhub.spawner import LocalProcessSpawner
from tornado import web
from traitlets import Unicode

from .roomfile import RoomError, SignIns, display_name, hub_name, load, normalize_code, system_user

__all__ = ["RoomAuthenticator", "RoomSpawner", "configure", "prepare_home"]

#: Environment of every participant's server: one thread per numeric library (40 people share the cores).
THREADS = {k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


class RoomAuthenticator(SharedPasswordAuthenticator):
    """JupyterHub's shared-password sign-in with a name and the room code, and the room's messages."""

    room_folder = Unicode(config=True, help="The room's folder (room.yml, signed_in.json).")

    async def authenticate(self, handler, data):
        typed = data.get("username", "")
        try:
            name = hub_name(typed)
        except RoomError as exc:
            raise web.HTTPError(403, str(exc)) from None
        password = data.get("password", "")
        if name in self.admin_users:
            user = await super().authenticate(handler, {"username": name, "password": password})
            if user is None:
                raise web.HTTPError(403, f"'{display_name(typed)}' is a faculty name in this room: faculty sign in "
                                         f"with the faculty code (room.yml). A participant with this name: add an "
                                         f"initial, e.g. '{display_name(typed)} B', and use the room code.")
            return user
        user = await super().authenticate(handler, {"username": name, "password": normalize_code(password)})
        if user is None:
            raise web.HTTPError(403, "That is not this room's code. Type the room code shown on the screen "
                                     "(capital letters or not, dashes optional).")
        signins = SignIns(self.room_folder)
        taken = signins.get(name)
        current = handler.current_user
        if taken and not (current is not None and current.name == name):
            raise web.HTTPError(403, f"Someone in this room has already signed in as '{taken['display']}'. "
                                     f"Add an initial to your name, e.g. '{taken['display']} B'. If that was you on "
                                     f"another computer, ask faculty to free the name (equitylab hub release).")
        signins.claim(name, typed)
        return user


def _ensure_system_user(user: str, home: Path) -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(user)
    except KeyError:
        pass
    home.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
                           "--user-group", "--comment", "Equity Lab participant", user],
                          capture_output=True, text=True)
    if done.returncode not in (0, 9):         # 9: created meanwhile by another start
        raise RuntimeError(f"useradd {user} failed ({done.stderr.strip()}): the hub must run as root to create "
                           f"participants' system users.")
    return pwd.getpwnam(user)


def runtime_dir(uid: int, gid: int) -> Path:
    """A short, private runtime folder for a participant's kernels (``/run/equitylab/<uid>``).

    Kernels talk over ``ipc`` sockets, files whose paths must stay under 108 bytes: inside a home folder
    (``~/.local/share/jupyter/runtime/kernel-<uuid>-ipc-4``) a long name would not fit. The parent is
    root's; the folder is the participant's alone (0700), made anew if anyone else owns it.
    """
    base = Path("/run/equitylab") if os.access("/run", os.W_OK) else Path("/tmp/equitylab-run")
    base.mkdir(mode=0o755, exist_ok=True)
    st = base.lstat()
    if st.st_uid != 0 or not base.is_dir() or base.is_symlink():
        raise RuntimeError(f"{base} must be a folder owned by root for the participants' kernels; remove it and "
                           f"restart the hub.")
    folder = base / str(uid)
    if folder.is_symlink() or (folder.exists() and folder.lstat().st_uid != uid):
        shutil.rmtree(folder) if folder.is_dir() and not folder.is_symlink() else folder.unlink()
    folder.mkdir(mode=0o700, exist_ok=True)
    os.chown(folder, uid, gid)
    os.chmod(folder, 0o700)
    return folder


def prepare_home(room, name: str, admin: bool) -> Path:
    """Create participant ``name``'s system user and home (owner-only) and copy the notebooks that are missing.

    Files already in ``~/equitylab`` are never overwritten: a participant's edits survive every restart.
    Returns the notebook folder.
    """
    user = system_user(name, room.user_prefix)
    home = room.home(name)
    pw = _ensure_system_user(user, home)
    os.chmod(pw.pw_dir, 0o700)
    source = room.folder / "notebooks" / ("instructor" if admin else "student")
    if not source.is_dir():
        raise RuntimeError(f"The hub has no notebooks in {source}: start it with `equitylab hub serve`.")
    dest = Path(pw.pw_dir) / "equitylab"
    for src in sorted(source.rglob("*")):
        target = dest / src.relative_to(source)
        if target.exists():
            continue
        if src.is_dir():
            target.mkdir(parents=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    for path in (dest / "my_equitylab",):
        path.mkdir(parents=True, exist_ok=True)
    for root, dirs, files in os.walk(dest):
        for entry in [root] + [os.path.join(root, f) for f in files]:
            st = os.lstat(entry)
            if st.st_uid != pw.pw_uid:
                os.chown(entry, pw.pw_uid, pw.pw_gid)
    return dest


class RoomSpawner(LocalProcessSpawner):
    """JupyterHub's local-process spawner, each participant as their own system user with the day's notebooks."""

    room_folder = Unicode(config=True, help="The room's folder (room.yml, the hub's notebooks).")

    @property
    def room(self):
        if getattr(self, "_room", None) is None:
            self._room = load(self.room_folder)
        return self._room

    @property
    def system_user(self) -> str:
        return system_user(self.user.name, self.room.user_prefix)

    def make_preexec_fn(self, name):
        return super().make_preexec_fn(self.system_user)

    def user_env(self, env):
        pw = pwd.getpwnam(self.system_user)
        env.update(USER=self.system_user, LOGNAME=self.system_user, HOME=pw.pw_dir, SHELL=pw.pw_shell or "/bin/bash")
        return env

    def get_env(self):
        env = super().get_env()
        pw = pwd.getpwnam(self.system_user)
        home = pw.pw_dir
        env.update(THREADS)
        env["JUPYTER_RUNTIME_DIR"] = str(runtime_dir(pw.pw_uid, pw.pw_gid))
        env["EQUITYLAB_WORKSPACE"] = f"{home}/equitylab/my_equitylab"
        env["EQUITYLAB_PARTICIPANT"] = SignIns(self.room_folder).display(self.user.name)
        if self.user.admin:
            env["EQUITYLAB_ROLE"] = "instructor"
        return env

    async def start(self):
        await asyncio.to_thread(prepare_home, self.room, self.user.name, bool(self.user.admin))
        self.port = self.room.server_port_base + int(self.user.id)
        return await super().start()


def _proxy_command() -> list[str]:
    found = shutil.which("configurable-http-proxy")
    if found:
        return [found]
    local = Path(__file__).resolve().parents[3] / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return [str(local)]
    raise RoomError("JupyterHub's proxy is not installed: run `make node` (npm ci installs "
                    "configurable-http-proxy from package.json) or `npm install -g configurable-http-proxy@5.3.0`.")


def configure(c, folder, templates=None) -> None:
    """Set JupyterHub's configuration object ``c`` for the room in ``folder`` (its ``room.yml``)."""
    room = load(folder)
    folder = str(room.folder)
    python = sys.executable
    bindir = str(Path(python).parent)
    c.JupyterHub.bind_url = f"http://{room.ip or '0.0.0.0'}:{room.port}"
    c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{room.hub_api_port}"
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{room.proxy_api_port}"
    c.JupyterHub.db_url = f"sqlite:///{folder}/jupyterhub.sqlite"
    c.JupyterHub.cookie_secret_file = f"{folder}/jupyterhub_cookie_secret"
    c.JupyterHub.pid_file = f"{folder}/jupyterhub.pid"
    c.ConfigurableHTTPProxy.command = _proxy_command()
    c.ConfigurableHTTPProxy.pid_file = f"{folder}/proxy.pid"
    c.JupyterHub.cleanup_servers = False          # a hub restart leaves participants' servers running
    if templates:
        c.JupyterHub.template_paths = [str(templates)]
    c.JupyterHub.template_vars = {"room_title": room.title}

    c.JupyterHub.authenticator_class = RoomAuthenticator
    c.RoomAuthenticator.room_folder = folder
    c.RoomAuthenticator.user_password = normalize_code(room.room_code)
    c.RoomAuthenticator.admin_password = room.faculty_code
    c.Authenticator.admin_users = set(room.faculty_names)
    c.Authenticator.allow_all = True              # anyone with the room code: the room decides who is in it

    c.JupyterHub.spawner_class = RoomSpawner
    c.RoomSpawner.room_folder = folder
    c.Spawner.cmd = [f"{bindir}/jupyterhub-singleuser"]
    c.Spawner.notebook_dir = "~/equitylab"
    c.Spawner.default_url = "/lab/tree/demo/exercise_engine.ipynb"
    c.Spawner.start_timeout = room.start_timeout
    c.Spawner.http_timeout = room.start_timeout
    c.Spawner.args = [
        "--KernelManager.transport=ipc",
        f"--MappingKernelManager.cull_idle_timeout={room.cull_kernels_after}",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=True",
        "--MappingKernelManager.cull_busy=False",
    ]
    c.JupyterHub.concurrent_spawn_limit = room.spawn_limit()

    c.JupyterHub.services = [
        {"name": "room", "url": f"http://127.0.0.1:{room.service_port}", "display": True,
         "info": {"description": "The room: every participant's exercises, SWOTs and self-assessments, live"},
         "command": [python, "-m", "equitylab.course.room.service", "--dir", folder],
         "oauth_no_confirm": True},
        {"name": "idle-culler",
         "command": [python, "-m", "jupyterhub_idle_culler", f"--timeout={room.cull_servers_after}",
                     "--cull-every=120"]},
        {"name": "equitylab-admin", "api_token": room.api_token},
    ]
    c.JupyterHub.load_roles = [
        {"name": "room-reader", "scopes": ["list:users", "read:users"], "services": ["room"]},
        {"name": "idle-culler", "services": ["idle-culler"],
         "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
        {"name": "room-admin", "services": ["equitylab-admin"],
         "scopes": ["admin:users", "admin:servers", "list:users", "read:users", "read:servers"]},
    ]
