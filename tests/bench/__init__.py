"""Tests of the benchmarks' own pieces (bench/), never of their timings."""
