# JupyterHub configuration for one Equity Lab room. Started by `equitylab hub serve` (or `make hub`), which sets
# EQUITYLAB_ROOM to the room's folder (room.yml: the room code, faculty, limits). Everything is set in
# equitylab/course/room/hub.py (documented there and in deploy/hub/README.md); override below if you must.
import os
from pathlib import Path

from equitylab.course.room.hub import configure

c = get_config()  # noqa: F821  (JupyterHub provides get_config)
configure(c, os.environ["EQUITYLAB_ROOM"], templates=Path(__file__).parent / "templates")
