"""The layers of docs/architecture.md are a checked contract: import-linter's contracts in pyproject.toml,
run by `make lint`. They hold on the code as it is, and an import that breaks a layer is refused."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("directory", "accounts", "twinning")


def lint_imports(root):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_code_keeps_every_layer():
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("directory/dates.py", "from directory import models", "Dates, languages and trees import nothing"),
        ("directory/languages.py", "import accounts.models", "Dates, languages and trees import nothing"),
        (
            "directory/trees.py",
            "from directory.search import search_words",
            "Dates, languages and trees import nothing",
        ),
        ("directory/models/partnerships.py", "from directory import filters", "Models import no views, admin, forms"),
        ("accounts/models.py", "from directory.facets import Facet", "Models import no views, admin, forms"),
        ("directory/search.py", "import directory.views", "Only URL configuration imports views and admin"),
        ("directory/data.py", "from directory.admin import history", "Only URL configuration imports views and admin"),
    ],
)
def test_an_import_across_a_layer_is_refused(tmp_path, module, line, contract):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with open(tmp_path / module, "a") as source:
        source.write(f"\n{line}  # noqa\n")

    result = lint_imports(tmp_path)

    assert result.returncode != 0
    broken = [row for row in result.stdout.splitlines() if row.endswith("BROKEN")]
    assert any(row.startswith(contract) for row in broken), result.stdout
