"""Tests of the composition root (bots.runtime): the command line, configuration, serving."""
