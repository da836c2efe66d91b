"""The hosted room: one symposium on JupyterHub (``equitylab hub ...``, ``deploy/hub/``).

* :mod:`.roomfile` — the room's settings file (room code, faculty, limits), names people sign in with and
  the system users they run as, and who has signed in (no JupyterHub import).
* :mod:`.hub` — JupyterHub's configuration for a room: the built-in shared-password authenticator with the
  room's messages, ``LocalProcessSpawner`` running each participant as their own system user, culling.
* :mod:`.service` — the room page as a JupyterHub service at ``/services/room/`` (faculty only, OAuth).
* :mod:`.hubcli` — ``equitylab hub create | serve | prestart | status | release``.

The page itself is :mod:`equitylab.course.roomview` (it also serves rooms without a hub, from a folder).
"""
