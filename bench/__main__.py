"""`.venv/bin/python -m bench`: what `make bench` runs."""

import sys

from bench.harness import main

sys.exit(main())
