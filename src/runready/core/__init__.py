"""The functional core: domain values, models, rules, policies and the advisor. Standard library
only, no I/O beyond reading its own bundled data, no clock."""
