"""The report layer: figures (``plots``), the Equity Performance Dashboard (``dashboard``), the shared
figure style (palette, synthetic label) and display helpers for widgets. Matplotlib loads on first use."""
