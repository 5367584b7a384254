"""Other apps call the language lens, so it must not call them: it imports only `teams` and
`recovery_culture.lib` from the project."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent
OURS = {"teams", "successes", "trip", "supervision", "dashboards", "recovery_culture"}
ALLOWED = ("conversations", "teams", "recovery_culture.lib")


def project_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return {name for name in names if name.split(".")[0] in OURS}


def test_conversations_imports_only_the_layers_below_it():
    wrong = {
        f"{path.relative_to(APP)}: {name}"
        for path in APP.rglob("*.py")
        for name in project_imports(path)
        if not name.startswith(ALLOWED)
    }
    assert not wrong
