"""The statistics layer: the aggregation pass over rows (``aggregate``), statistics on the aggregate table
(``stratify``, ``intervals``) and summary disparity measures (``disparity``). The disclosure-control rule
they apply lives one layer down, in ``data.suppression`` (``equitylab.privacy``), so that ``real.audit``
can use it too. It imports only the data layer's standards, measure definitions and that rule — never the
synthetic generators."""
