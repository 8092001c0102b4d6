"""Importers: bytes of real files → core sessions. No database, no terminal, no web in here."""
