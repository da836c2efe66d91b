"""The organization tools: the #123forEquity pledge and its areas (``pledge``), the self-assessment
(``assess``), SWOT (``swot``), SMART action plans (``plan``) and a synthetic room for rehearsal."""
