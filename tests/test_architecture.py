"""The house rules that code can check: the dependency rule and a clock-free core."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src" / "runready"
ALLOWED_THIRD_PARTY_IN_CORE = {"numpy"}


def modules(package: str) -> list[Path]:
    return sorted((SRC / package).rglob("*.py"))


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", modules("core"), ids=lambda p: str(p.relative_to(SRC)))
def test_the_core_imports_only_the_standard_library_and_itself(path: Path):
    for name in imported(path):
        top = name.split(".")[0]
        if top == "runready":
            assert name.startswith("runready.core"), f"{path.name} imports {name}"
        else:
            assert top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY_IN_CORE, (
                f"{path.name} imports {name}"
            )


@pytest.mark.parametrize("path", modules("core"), ids=lambda p: str(p.relative_to(SRC)))
def test_the_core_never_reads_the_clock(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {"now", "utcnow", "today", "time"}:
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            assert owner not in {"datetime", "date", "time"}, f"{path.name} reads the clock"


def test_the_core_imports_without_any_third_party_package_loaded():
    import subprocess

    code = (
        "import sys\nbefore = set(sys.modules)\nimport runready.core.advisor\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "print(sorted(new - set(sys.stdlib_module_names) - {'runready'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


EDGES = ("cli", "api", "web", "http")


@pytest.mark.parametrize(
    "path", [p for e in EDGES for p in modules(e)], ids=lambda p: str(p.relative_to(SRC))
)
def test_the_edges_reach_storage_importers_and_solvers_only_through_services(path: Path):
    for name in imported(path):
        assert not name.startswith(
            ("runready.storage", "runready.importers", "runready.solvers")
        ), f"{path.name} imports {name}"


@pytest.mark.parametrize("path", modules("importers"), ids=lambda p: str(p.relative_to(SRC)))
def test_importers_use_only_the_core_besides_themselves(path: Path):
    for name in imported(path):
        if name.startswith("runready."):
            assert name.startswith(("runready.core", "runready.importers")), name


@pytest.mark.parametrize("path", modules("storage"), ids=lambda p: str(p.relative_to(SRC)))
def test_storage_uses_only_the_core_besides_itself(path: Path):
    for name in imported(path):
        if name.startswith("runready."):
            assert name.startswith(("runready.core", "runready.storage")), name


def test_the_import_contracts_hold():
    """pyproject's import-linter contracts: layers, SQL only in storage, no cycles among siblings
    (function-level imports count too, so a cycle cannot hide inside a function)."""
    import subprocess

    linter = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(linter), "--no-cache"], cwd=SRC.parent.parent, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
