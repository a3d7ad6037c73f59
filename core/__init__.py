"""The consultation domain: platform- and storage-neutral, standard library only."""
