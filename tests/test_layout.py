"""The code's shape that issue 11 asks to keep: short functions, thin routes.

A route reads the request, calls one service, renders or redirects; a longer one is assembling
a page that belongs in a service or in scorecard/web/.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "scorecard"
# The synthetic-data generator is measuring code, not product code.
LONG_FUNCTIONS_ALLOWED = {PACKAGE / "services" / "generator.py"}
MAX_FUNCTION_LINES = 80
MAX_ROUTE_LINES = 15
ROUTE_DECORATORS = ("route", "get", "post", "put", "patch", "delete")


def _functions() -> Iterator[tuple[Path, ast.FunctionDef | ast.AsyncFunctionDef]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield path, node


def _length(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines from `def` to the end, leaving out the docstring (the API's reference text lives there)."""
    assert node.end_lineno is not None
    lines = node.end_lineno - node.lineno + 1
    first = node.body[0]
    docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    if docstring and isinstance(first.value.value, str):  # type: ignore[attr-defined]
        assert first.end_lineno is not None
        lines -= first.end_lineno - first.lineno + 1
    return lines


def _is_route(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in node.decorator_list:
        call = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(call, ast.Attribute) and call.attr in ROUTE_DECORATORS:
            return True
    return False


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(PACKAGE.parent)}:{getattr(node, 'lineno', '?')}"


def test_no_function_is_over_80_lines() -> None:
    long = [
        f"{_where(path, node)} {node.name} ({_length(node)} lines)"
        for path, node in _functions()
        if path not in LONG_FUNCTIONS_ALLOWED and _length(node) > MAX_FUNCTION_LINES
    ]
    assert long == []


def test_no_route_is_over_15_lines() -> None:
    routes = [(path, node) for path, node in _functions() if _is_route(node)]
    assert len(routes) > 60  # the decorated routes (a factory registers the reference pages)
    long = [
        f"{_where(path, node)} {node.name} ({_length(node)} lines)"
        for path, node in routes
        if _length(node) > MAX_ROUTE_LINES
    ]
    assert long == []
