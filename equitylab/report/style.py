"""The shared figure style: the colour palette and axis finishing, without importing matplotlib.

Example
-------
>>> from equitylab.report.style import PALETTE
>>> PALETTE[0]
'#0072B2'
"""
from __future__ import annotations

__all__ = ["PALETTE", "TEXT", "GREY", "despine"]

#: Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
#: The same hues darkened for TEXT (labels drawn in a figure): each reaches a contrast of at least 4.5:1 on
#: white (WCAG 1.4.3), which the palette's lighter colours do not (orange #E69F00 2.25:1, green #009E73 3.42:1).
#: Marks and lines keep :data:`PALETTE`; their text label takes the colour at the same position here.
TEXT = ["#0072B2", "#946700", "#007F5D", "#B84685", "#1674A9", "#B65000", "#766F09", "#000000"]
#: Grey for marks only; grey text uses GREY_TEXT (4.5:1 on white or better).
GREY = "#7f7f7f"
GREY_TEXT = "#595959"


def despine(ax) -> None:
    """Hide the top and right frame lines."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
