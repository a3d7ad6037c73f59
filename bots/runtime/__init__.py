"""The composition root: the command line, configuration, wiring, worker and HTTP server.

The only package that imports `storage` and every front end; no front end imports it.
"""
