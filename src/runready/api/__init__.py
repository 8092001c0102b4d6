"""The REST API (FastAPI, OpenAPI at /openapi.json) and the app that also serves the pages."""
