"""The command line: a thin shell over the public API.

``main`` builds the parser from one module per command group (``scenario``: run and
validate; ``experiments``: compare and attribute; ``library``: list, reforms and diff) and
turns errors into exit statuses: 0 success, 2 a bad scenario or bad arguments (every
problem listed, no traceback), 1 anything else that went wrong.
"""

from simulate.cli.main import build_parser, main, main_exit

__all__ = ["build_parser", "main", "main_exit"]
