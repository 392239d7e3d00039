"""``python -m simulate``."""

from simulate.cli import main

raise SystemExit(main())
