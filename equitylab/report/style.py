"""The shared figure style: the colour palette and axis finishing, without importing matplotlib.

Example
-------
>>> from equitylab.report.style import PALETTE
>>> PALETTE[0]
'#0072B2'
"""
from __future__ import annotations

__all__ = ["PALETTE", "GREY", "despine"]

#: Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
GREY = "#7f7f7f"


def despine(ax) -> None:
    """Hide the top and right frame lines."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
