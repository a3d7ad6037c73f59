"""`python -m bots` runs the townhall command line."""

import sys

from bots.runtime.cli import main

sys.exit(main())
