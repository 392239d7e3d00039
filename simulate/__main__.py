"""``python -m simulate``."""

from simulate.cli import main_exit

main_exit()
