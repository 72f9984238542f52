"""The imports in loadplan/ keep the layers of docs/architecture.md (read from its rules block)."""

from __future__ import annotations

import ast
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "loadplan"
DOC = ROOT / "docs" / "architecture.md"
NO_FACADE = {"engine", "kernels"}  # layers that may not import the `loadplan` package itself


def _block(name: str) -> list[list[str]]:
    """The rows of the fenced ``name`` block of the architecture page (comments left out)."""
    match = re.search(rf"```{name}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert match, f"docs/architecture.md has no ```{name} block"
    return [line.split() for line in match.group(1).splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _rules() -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """``{layer: module patterns}`` and ``{layer: layers it may import}`` (in doc order)."""
    patterns: dict[str, list[str]] = {}
    allowed: dict[str, set[str]] = {}
    for row in _block("rules"):
        layer, rest = row[0], row[1:]
        mods = [w for w in rest if w.startswith("loadplan")]
        deps = [w for w in rest if not w.startswith("loadplan")]
        patterns[layer] = mods
        allowed[layer] = set() if deps == ["-"] else set(deps)
    for layer, deps in allowed.items():
        assert deps <= set(patterns) | {"*"}, f"layer {layer} may import unknown layers {deps}"
    return patterns, allowed


def _matches(pattern: str, module: str) -> bool:
    if pattern.endswith("*"):
        return module.startswith(pattern[:-1])
    return module == pattern or module.startswith(pattern + ".")


def layer_of(module: str, patterns: dict[str, list[str]]) -> str | None:
    """The layer whose longest pattern matches ``module`` (None: no layer)."""
    best, length = None, -1
    for layer, pats in patterns.items():
        for pat in pats:
            if _matches(pat, module) and len(pat) > length:
                best, length = layer, len(pat)
    return best


def _module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _submodule(name: str) -> bool:
    rel = pathlib.Path(*name.split("."))
    return (ROOT / rel.with_suffix(".py")).is_file() or (ROOT / rel / "__init__.py").is_file()


def imports_of(path: pathlib.Path) -> list[tuple[str, bool, int]]:
    """``(module, inside a function, line)`` for every loadplan import in a file.

    ``from a import b`` counts as importing ``a.b`` when that is a module;
    relative imports are resolved; ``importlib.import_module("...")`` with a
    literal name counts too.
    """
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, bool, int]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                      ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((a.name, inner, child.lineno) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - child.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                for alias in child.names:
                    full = f"{base}.{alias.name}"
                    found.append((full if _submodule(full) else base, inner, child.lineno))
            elif (isinstance(child, ast.Call) and getattr(child.func, "attr", None) == "import_module"
                  and child.args and isinstance(child.args[0], ast.Constant)
                  and isinstance(child.args[0].value, str)):
                found.append((child.args[0].value, inner, child.lineno))
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return [(m, inner, line) for m, inner, line in found
            if m == "loadplan" or m.startswith("loadplan.")]


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_the_rules_block_is_well_formed():
    patterns, allowed = _rules()
    assert {"kernels", "model", "verification", "apps"} <= set(patterns)
    assert allowed["kernels"] == {"engine"}
    assert not allowed["verification"] & {"kernels", "packing", "planning"}
    assert layer_of("loadplan.filling.heads", patterns) == "packing"
    assert layer_of("loadplan.kernels.layout3d.tops", patterns) == "kernels"
    assert layer_of("loadplan.web.viewer", patterns) == "apps"
    assert layer_of("loadplan.planning_tools", patterns) is None  # prefixes are whole names


def test_every_module_has_a_layer():
    patterns, _ = _rules()
    homeless = [_module_name(p) for p in SOURCES
                if _module_name(p) != "loadplan" and layer_of(_module_name(p), patterns) is None]
    assert homeless == [], "put these in a layer of docs/architecture.md"


def test_imports_follow_the_layers():
    patterns, allowed = _rules()
    hooks = {row[0]: row[1:] for row in _block("hooks")}
    bad = []
    for path in SOURCES:
        source = _module_name(path)
        mine = layer_of(source, patterns)
        if mine is None:
            continue  # reported by test_every_module_has_a_layer
        for target, inner, line in imports_of(path):
            if target == "loadplan":
                if mine in NO_FACADE:
                    bad.append(f"{source}:{line} imports the loadplan package ({mine} may not)")
                continue
            theirs = layer_of(target, patterns)
            ok = (theirs == mine or "*" in allowed[mine] or theirs in allowed[mine]
                  or (inner and any(_matches(p, target) for p in hooks.get(mine, ()))))
            if not ok:
                bad.append(f"{source}:{line} ({mine}) imports {target} ({theirs})")
    assert bad == []


def test_the_verifier_never_sees_the_packer():
    patterns, _ = _rules()
    forbidden = ("loadplan.pack", "loadplan.planner", "loadplan.kernels", "loadplan.fill",
                 "loadplan.floorplan")
    bad = [(str(path.relative_to(ROOT)), target) for path in SOURCES
           if layer_of(_module_name(path), patterns) == "verification"
           for target, _, _ in imports_of(path) if target.startswith(forbidden)]
    assert bad == []


def test_kernels_import_only_the_jit():
    bad = [(str(path.relative_to(ROOT)), target) for path in SOURCES
           if _module_name(path).startswith("loadplan.kernels")
           for target, _, _ in imports_of(path)
           if not target.startswith(("loadplan.kernels", "loadplan._jit"))]
    assert bad == []


@pytest.mark.parametrize("code, expected", [
    ("from loadplan.plot import views\n", [("loadplan.plot.views", False, 1)]),
    ("def f():\n    from loadplan.steps import describe\n", [("loadplan.steps", True, 2)]),
    ("import importlib\nimportlib.import_module('loadplan.display')\n",
     [("loadplan.display", False, 2)]),
    ("from . import style\n", [("loadplan.plot.style", False, 1)]),
])
def test_imports_are_read_as_written(monkeypatch, code, expected):
    path = PACKAGE / "plot" / "_probe_for_test.py"
    monkeypatch.setattr(pathlib.Path, "read_text", lambda self, encoding=None: code)
    assert imports_of(path) == expected
