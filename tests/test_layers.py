"""Imports point one way (docs/adr/0004-layers-one-direction.md): `recovery_culture.lib` at the
bottom, then `teams`, then the feature apps, and `dashboards` on top, which may read them all.
Feature apps reach each other only through a named function of the other's services module.

The rule is read from the code itself: every import of every .py file of each app, tests and
migrations aside (tests build data across apps, and migrations are generated)."""

import ast
import importlib
import inspect
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIB = "recovery_culture.lib"
BOTTOM = "teams"
FEATURES = ("successes", "trip", "supervision", "conversations")
TOP = "dashboards"
APPS = (BOTTOM, *FEATURES, TOP)


@dataclass(frozen=True)
class Import:
    where: str  # path:line, for the failure message
    module: str
    names: tuple[str, ...] = ()  # what `from module import ...` takes; empty for `import module`


def imports_in(source: str, *, package: str, where: str) -> list[Import]:
    found = []
    for node in ast.walk(ast.parse(source)):
        at = f"{where}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            found += [Import(at, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            # A relative import stays inside its own package, which is always allowed.
            module = package if node.level else node.module or ""
            found.append(Import(at, module, tuple(alias.name for alias in node.names)))
    return found


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


def _is_service_function(module: str, name: str) -> bool:
    return inspect.isfunction(getattr(importlib.import_module(module), name, None))


def wrong_arrow(layer: str, imported: Import) -> str | None:
    """Why `layer` (an app, or the shared lib) may not make this import; None if it may."""
    module = imported.module
    top = module.split(".")[0]
    if _within(module, layer) or (top not in APPS and top != "recovery_culture"):
        return None  # its own code, Python's or a library's
    if layer == LIB:
        return "the shared lib imports no app"
    if top == "recovery_culture":
        return None if _within(module, LIB) else f"apps use only {LIB} from the project package"
    if layer == TOP:
        return None
    if layer == BOTTOM:
        return f"{BOTTOM} is the bottom app and imports no other app"
    if top == BOTTOM:
        return None
    if top in FEATURES and module == f"{top}.services" and imported.names:
        not_functions = [name for name in imported.names if not _is_service_function(module, name)]
        if not not_functions:
            return None
        return f"only named service functions may cross between apps, not {', '.join(not_functions)}"
    return f"{layer} may import {BOTTOM}, {LIB}, and named functions of the other apps' services"


def python_files(package: str) -> list[Path]:
    folder = ROOT.joinpath(*package.split("."))
    return [
        path
        for path in sorted(folder.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(folder).parts[:-1])
    ]


def wrong_arrows(layer: str) -> list[str]:
    wrong = []
    for path in python_files(layer):
        relative = path.relative_to(ROOT)
        package = ".".join(relative.parent.parts)
        for imported in imports_in(path.read_text(), package=package, where=str(relative)):
            reason = wrong_arrow(layer, imported)
            if reason:
                wrong.append(f"{imported.where} imports {imported.module}: {reason}")
    return wrong


@pytest.mark.parametrize("layer", [LIB, *APPS])
def test_imports_point_one_way(layer):
    if not python_files(layer):
        pytest.skip(f"There is no {layer} app in this checkout.")
    assert wrong_arrows(layer) == []


# --- The checker catches each kind of wrong arrow ---------------------------------------------


def _reasons(layer: str, source: str) -> list[str | None]:
    return [wrong_arrow(layer, each) for each in imports_in(source, package=layer, where="example.py")]


def test_the_bottom_app_may_not_import_a_feature_app():
    assert _reasons("teams", "from successes.models import Success") == [
        "teams is the bottom app and imports no other app"
    ]


def test_a_feature_app_may_not_reach_into_another_apps_models():
    assert _reasons("trip", "from successes.models import Success")[0].startswith("trip may import")
    assert _reasons("trip", "import successes.services")[0].startswith("trip may import")
    assert _reasons("trip", "from successes import services")[0].startswith("trip may import")


def test_a_feature_app_may_call_a_named_service_function_of_another():
    assert _reasons("trip", "from successes.services import success_celebrate") == [None]
    assert _reasons("trip", "from successes.services import WallWeek") == [
        "only named service functions may cross between apps, not WallWeek"
    ]


def test_no_feature_app_imports_the_dashboards():
    assert _reasons("supervision", "def f():\n    from dashboards import queries")[0].startswith(
        "supervision may import"
    )


def test_the_shared_lib_imports_no_app():
    assert _reasons(LIB, "from teams.models import Team") == ["the shared lib imports no app"]
    assert _reasons(LIB, "from recovery_culture.lib import dates") == [None]


def test_apps_use_only_the_lib_from_the_project_package():
    assert _reasons("successes", "from recovery_culture.management.commands import load_demo") == [
        "apps use only recovery_culture.lib from the project package"
    ]
    assert _reasons("dashboards", "from django.db import models") == [None]
