"""Fails when a view module writes to the database itself instead of calling a service.

Views stay thin: they read through selectors and change things through services, where the locking, the checks
and the audit event live. This looks, with Python's own parser, for calls of the model and queryset methods that
write (``.save(``, ``.create(``, ``.update(``, ``.delete(``, ``.bulk_create(``, ``get_or_create(``,
``update_or_create(``) in every view module under src/overstap: files named ``views*.py`` or ``*_views.py``, and
every module of a ``views/`` package. Tests are not looked at.

It goes by the method's name alone, so a harmless call with the same name (``dict.update``) is reported too:
write such code another way. Prints file:line for each call found and exits with 1 when there is any.

    python scripts/check_view_writes.py [folder]
"""

import ast
import sys
from pathlib import Path

WRITE_METHODS = frozenset({"save", "create", "update", "delete", "bulk_create", "get_or_create", "update_or_create"})
REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT_ROOT = REPOSITORY / "src" / "overstap"


def is_view_module(path: Path) -> bool:
    if "tests" in path.parts or path.name.startswith("test_"):
        return False
    return path.name.startswith("views") or path.stem.endswith("_views") or path.parent.name == "views"


def writes_in(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    """(line, method) of every call of a writing method in this source."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITE_METHODS:
            found.append((node.lineno, node.func.attr))
    return sorted(found)


def _shown(path: Path) -> Path:
    return path.relative_to(REPOSITORY) if path.is_relative_to(REPOSITORY) else path


def find_writes(root: Path = DEFAULT_ROOT) -> list[str]:
    problems = []
    root = root.resolve()
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if not is_view_module(relative):
            continue
        for line, method in writes_in(path.read_text(encoding="utf-8"), str(path)):
            problems.append(f"{_shown(path)}:{line}: .{method}( in a view module; call a service instead")
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else DEFAULT_ROOT
    problems = find_writes(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} write(s) in view modules.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
