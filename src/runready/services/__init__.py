"""Use cases: import files, log sessions and check-ins, advise and report from the database.

Each service owns its transactions; the command line and the web app only call these.
"""
