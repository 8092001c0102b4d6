"""The advisor's rules, one module per concern; each returns findings that name their sources."""
