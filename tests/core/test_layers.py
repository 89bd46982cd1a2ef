"""The apps stand in layers, and a module imports only from its own app and the layers below.

core (``beteiligung``) → the shared map layer (``geo``) → ``cms`` (base page classes) →
the feature apps. Feature apps do not import each other, except where a line of ALLOWED names
the small function or model they share; no two apps import each other (docs/architecture.md).
"""

import ast
from pathlib import Path

from django.conf import settings

LAYERS = {
    "beteiligung": 0,
    "geo": 1,
    "cms": 2,
    # Follows and alerts: above the pages they follow, below the apps that feed them.
    "alerts": 2.5,
    "dialogues": 3,
    "events": 3,
    "surveys": 3,
    "appointments": 3,
    "maps": 3,
    "assist": 3,
}
# Feature → feature imports that are part of the design, each with what it may use.
ALLOWED = {
    # A map note is a comment of the procedure's dialogue: supports, reports, moderation,
    # the comment rate limit and the rule that only confirmed addresses post.
    ("maps", "dialogues"): {
        "dialogues.models",
        "dialogues.services",
        "dialogues.ratelimit.allow_comment",
        "dialogues.thread.has_verified_email",
        # The note's support button shows whether this citizen supports it (aria-pressed).
        "dialogues.thread.mark_user_state",
    },
}


def imports_of(app: str) -> set[tuple[str, str]]:
    """(importing module, imported module) for every import of another of our apps."""
    found = set()
    for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(settings.BASE_DIR).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                other = name.split(".")[0]
                if other in LAYERS and other != app:
                    found.add((module, name))
    return found


def test_every_app_imports_only_from_the_layers_below_it():
    wrong = []
    for app, layer in LAYERS.items():
        for module, name in imports_of(app):
            other = name.split(".")[0]
            if LAYERS[other] < layer:
                continue
            allowed = ALLOWED.get((app, other), set())
            if not any(name == a or name.startswith(a + ".") for a in allowed):
                wrong.append(f"{module} imports {name}")
    assert wrong == []


def test_no_two_apps_import_each_other():
    edges = {(app, name.split(".")[0]) for app in LAYERS for _module, name in imports_of(app)}
    assert sorted((a, b) for a, b in edges if (b, a) in edges) == []
