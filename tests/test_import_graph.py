"""The project's own modules import one another without a circle, and only down the layers
(pages → ui → charts → queries → etl), read from the source files with ``ast``.

What counts as an edge (a decision, so that a circle cannot hide):
- every ``import`` and ``from … import`` anywhere in a file: at module level, inside a function
  (a function-level import is the usual way to make a circle stop crashing, not to remove it)
  and under ``if TYPE_CHECKING:`` (the reader and the type checker still need both modules;
  ui.frame ↔ ui.signin was such a circle);
- ``from package import name`` points at ``package.name`` when that is one of the project's
  modules, else at the package itself (its ``__init__``); relative imports are resolved;
- a script folder without ``__init__.py`` (bench/, pages/) is run with itself on ``sys.path``,
  so ``import storekit`` in bench/ means bench/storekit.py;
- importing ``package.module`` also runs ``package/__init__.py``; that implicit edge is not
  counted (a package re-exporting its own modules would otherwise always be a circle).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the project's own code (accounts, bench and pages may be absent while work is under way)
PACKAGES = ("accounts", "bench", "charts", "etl", "i18n", "pages", "queries", "ui")
SCRIPTS = ("dashboard.py",)
# a module under the key may not import any module under the values (layers, one way only)
FORBIDDEN = {
    "etl": ("queries", "charts", "ui", "pages"),
    "queries": ("charts", "ui", "pages"),
    "charts": ("ui", "pages"),
    "ui": ("pages",),
}

Graph = dict[str, set[str]]


# ---------------------------------------------------------------- the graph


def project_modules(root: Path, packages: Iterable[str], scripts: Iterable[str]) -> dict[str, Path]:
    """Dotted module name → source file, for every .py file of ``packages`` and ``scripts``."""
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    for script in scripts:
        if (root / script).is_file():
            modules[Path(script).stem] = root / script
    return modules


def owning_module(name: str, modules: Mapping[str, Path]) -> str | None:
    """The longest prefix of a dotted name that is one of the project's modules."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None


def base_of(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The absolute module a ``from`` import starts from (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, *([node.module] if node.module else [])])


def imported(module: str, path: Path, modules: Mapping[str, Path]) -> set[str]:
    """The project's modules that ``module`` (its source at ``path``) imports anywhere."""
    folder = ".".join(module.split(".")[:-1])
    script_folder = bool(folder) and not (path.parent / "__init__.py").is_file()

    def resolve(name: str) -> str | None:
        found = owning_module(name, modules)
        if found is None and script_folder:
            found = owning_module(f"{folder}.{name}", modules)
        return found

    targets: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets.update(resolve(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = base_of(module, path, node)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                targets.add(submodule if submodule in modules else resolve(base))
    return {t for t in targets if t is not None and t != module}


def import_graph(root: Path = ROOT, packages=PACKAGES, scripts=SCRIPTS) -> Graph:
    modules = project_modules(root, packages, scripts)
    return {name: imported(name, path, modules) for name, path in modules.items()}


# ---------------------------------------------------------------- circles


def strongly_connected(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, each sorted; the modules of a circle share one."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def circles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The components of more than one module (no module imports itself: see ``imported``)."""
    return sorted(c for c in strongly_connected(graph) if len(c) > 1)


def described(component: list[str], graph: Mapping[str, set[str]]) -> str:
    """A circle as a reader follows it: each module with the ones of the circle it imports."""
    members = set(component)
    return "; ".join(f"{m} → {', '.join(sorted(graph[m] & members))}" for m in component)


def layer_breaches(graph: Mapping[str, set[str]]) -> list[str]:
    def top(name: str) -> str:
        return name.split(".")[0]

    return sorted(
        f"{src} imports {dst}"
        for src, targets in graph.items()
        for dst in targets
        if top(dst) in FORBIDDEN.get(top(src), ())
    )


# ---------------------------------------------------------------- the project


def test_no_import_circle_among_the_projects_modules():
    graph = import_graph()
    found = circles(graph)
    listed = "\n".join(f"  [{i}] {described(c, graph)}" for i, c in enumerate(found, 1))
    assert not found, f"{len(found)} import circle(s):\n{listed}"


def test_imports_go_down_the_layers_only():
    breaches = layer_breaches(import_graph())
    assert not breaches, "imports against the layers (pages → ui → charts → queries → etl):\n" + (
        "\n".join(breaches)
    )


def test_the_graph_holds_the_imports_written_in_the_files():
    graph = import_graph()
    # read from the files: ui/context.py imports only i18n and the labels; the frame and
    # sign-in import it
    assert graph["ui.context"] == {"charts.labels", "i18n"}
    assert "ui.context" in graph["ui.frame"] and "ui.context" in graph["ui.signin"]
    assert "ui.frame" not in graph["ui.signin"]
    assert {"ui.frame", "ui.rankings_view"} <= graph["pages.rankings"]
    assert "ui.frame" in graph["dashboard"]


# ---------------------------------------------------------------- the method, on made-up trees


def write(root: Path, files: Mapping[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_function_level_type_checking_and_relative_imports_are_edges(tmp_path):
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/a.py": "def f():\n    from app import b\n",
            "app/b.py": "import typing\nif typing.TYPE_CHECKING:\n    from .c import X\n",
            "app/c.py": "import json\nfrom app.a import f\nfrom . import d as dee\n",
            "app/d.py": "import app.c\n",
            "app/e.py": "from app import VERSION, a\n",
            "tool/run.py": "import helper\nimport app.missing.deep\n",
            "tool/helper.py": "",
        },
    )
    graph = import_graph(tmp_path, ("app", "tool"), ())
    assert graph == {
        "app": set(),
        "app.a": {"app.b"},
        "app.b": {"app.c"},
        "app.c": {"app.a", "app.d"},
        "app.d": {"app.c"},
        "app.e": {"app", "app.a"},
        "tool.helper": set(),
        "tool.run": {"tool.helper", "app"},
    }
    assert circles(graph) == [["app.a", "app.b", "app.c", "app.d"]]


def test_every_circle_is_found_and_nothing_else():
    graph = {
        "a": {"b"},
        "b": {"c"},
        "c": {"a", "d"},
        "d": set(),
        "e": {"f", "a"},
        "f": {"e"},
        "g": {"d"},
    }
    assert circles(graph) == [["a", "b", "c"], ["e", "f"]]
    assert described(["e", "f"], graph) == "e → f; f → e"
    assert circles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_an_import_up_the_layers_is_named():
    graph = {"etl.load": {"queries.runner", "etl.db"}, "ui.frame": {"charts.builders"}}
    graph |= {"charts.pack": {"ui.frame"}, "queries.runner": {"etl.db"}}
    assert layer_breaches(graph) == [
        "charts.pack imports ui.frame",
        "etl.load imports queries.runner",
    ]
