"""Benchmark scripts for townhall; their latest figures are recorded in bench/README.md."""
