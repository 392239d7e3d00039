"""Remove outputs and execution counts from the notebooks (they are committed clean).

python tools/strip_notebooks.py
"""

from __future__ import annotations

from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Strip every notebook under notebooks/ in place."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        nbformat.write(nb, path)
        print(f"stripped {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
