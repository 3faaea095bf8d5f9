"""The package build compiles the translation catalogues first, so an installed wheel serves every locale."""

from __future__ import annotations

import runpy
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CATALOGUES = Path(__file__).resolve().parent / "scorecard" / "catalogues.py"


class BuildWithCatalogues(build_py):
    """build_py that derives sr_Cyrl and writes every `.mo` before the package files are copied."""

    def run(self) -> None:
        runpy.run_path(str(CATALOGUES), run_name="scorecard_catalogues")["build"]()
        super().run()


setup(cmdclass={"build_py": BuildWithCatalogues})
