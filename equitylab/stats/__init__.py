"""The statistics layer: the aggregation pass over rows (``aggregate``), statistics on the aggregate table
(``stratify``, ``intervals``), the one disclosure-control rule (``suppression``) and summary disparity
measures (``disparity``). It imports only the data layer's standards and measure definitions — never the
synthetic generators."""
