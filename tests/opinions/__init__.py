"""Opinion groups: the maths, its storage, the command and the recompute."""
