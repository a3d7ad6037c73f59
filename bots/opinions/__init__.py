"""Opinion groups computed as Polis computes them, with numpy and scikit-learn (see maths.py).

numpy and scikit-learn are imported here only, and this package only where groups are
computed (the worker's recompute, `townhall groups`, the bench): `townhall --help` and the
vote path never load them.
"""
