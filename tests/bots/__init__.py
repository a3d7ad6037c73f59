"""Tests of the front ends and the composition root."""
