"""Build hook: the shipped scenario library travels inside the package.

``scenarios/`` stays at the repository root (the one copy that is edited and cited); when a
wheel is built, it is copied into the package as ``simulate/library_data`` so that an
installed ``simulate`` finds its scenarios and their source documents anywhere.
Everything else about the build is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithLibrary(build_py):
    """``build_py`` that also copies ``scenarios/`` into the built package."""

    def run(self) -> None:
        super().run()
        source = ROOT / "scenarios"
        if source.is_dir():
            target = Path(self.build_lib) / "simulate" / "library_data"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))


setup(cmdclass={"build_py": BuildWithLibrary})
