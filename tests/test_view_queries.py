"""Behind the gate, every query starts from the signed-in member (or their team): a view that asks
`Model.objects` for a team's rows without naming the member could hand one team's rows to
another. This reads the views' code and names every such query.

A query through `.objects` passes when its first call names `member` (`for_author(member)`,
`for_team(member.team)`, `filter(team=member.team)`, `create(worker=member)`), when it is a
correlated subquery (`OuterRef`) of a query that did, or when it asks for `none()`."""

import ast
import importlib
import inspect
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver

from teams.models import Team

# "module.function": why it may query a team's model without the member. Keep it empty if you can.
ALLOWED: dict[str, str] = {
    "conversations.views.switch_off": "a built-in phrase belongs to no team (team is null)",
    "conversations.views.switch_on": "a built-in phrase belongs to no team (team is null)",
}


def _team_owned() -> set[type[models.Model]]:
    """Team, and every model with a path of foreign keys to it."""
    owned = {Team}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model in owned:
                continue
            targets = {field.related_model for field in model._meta.fields if field.is_relation}
            if targets & owned:
                owned.add(model)
                grew = True
    return owned


def _url_views(patterns) -> Iterator:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _url_views(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            yield entry.callback


def _view_modules() -> list[str]:
    """Every module of the project that serves a page: found by the URLs, and by name."""
    base = Path(settings.BASE_DIR)
    names = {inspect.unwrap(view).__module__ for view in _url_views(get_resolver().url_patterns)}
    for path in [*base.glob("*/views.py"), *base.glob("*/views/*.py")]:
        names.add(".".join(path.relative_to(base).with_suffix("").parts))
    return sorted(name for name in names if (base / (name.replace(".", "/") + ".py")).exists())


def _resolve(node: ast.expr, namespace: dict):
    if isinstance(node, ast.Name):
        return namespace.get(node.id)
    if isinstance(node, ast.Attribute):
        return getattr(_resolve(node.value, namespace), node.attr, None)
    return None


def _names_the_member(call: ast.Call) -> bool:
    for arg in [*call.args, *(keyword.value for keyword in call.keywords)]:
        for node in ast.walk(arg):
            if isinstance(node, ast.Name) and node.id in ("member", "OuterRef"):
                return True
    return False


def _behind_the_gate(function: ast.FunctionDef) -> bool:
    gated = any("team_view" in ast.unparse(decorator) for decorator in function.decorator_list)
    return gated or "member" in {arg.arg for arg in function.args.args + function.args.kwonlyargs}


def _unscoped_queries(module_name: str, owned: set) -> Iterator[str]:
    module = importlib.import_module(module_name)
    tree = ast.parse(Path(module.__file__).read_text())
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef) or not _behind_the_gate(function):
            continue
        if f"{module_name}.{function.name}" in ALLOWED:
            continue
        for call in ast.walk(function):
            # The shape `Model.objects.method(...)`.
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
                continue
            manager = call.func.value
            if not (isinstance(manager, ast.Attribute) and manager.attr == "objects"):
                continue
            if _resolve(manager.value, vars(module)) not in owned:
                continue
            if call.func.attr == "none" or _names_the_member(call):
                continue
            yield f"{module_name}.{function.name}, line {call.lineno}: {ast.unparse(call)}"


def test_views_reach_a_teams_rows_only_through_the_member():
    owned = _team_owned()
    found = [query for module in _view_modules() for query in _unscoped_queries(module, owned)]
    assert not found, "Start these from the member or their team:\n" + "\n".join(found)


def test_the_scan_reads_every_app_that_serves_pages():
    modules = _view_modules()
    assert {"teams.views", "successes.views", "supervision.views"} <= set(modules)
    assert any(module.startswith("trip.views") for module in modules)
    assert not set(ALLOWED) - {f"{m}.{f}" for m in modules for f in dir(importlib.import_module(m))}
