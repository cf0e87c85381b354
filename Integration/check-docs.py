#!/usr/bin/env python3
"""Lists public declarations of the library modules that have no `///` doc comment, module by module, and fails
when there is one.

Protocol witnesses (Codable, Equatable, Hashable, CustomStringConvertible, Sequence, Error conversions) inherit
their protocol's documentation and are not listed. Usage: check-docs.py [MODULE_DIR...] (default: Modules/*)."""
import pathlib
import re
import sys

DECLARATION = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:public|open)\s+(?!import\b|extension\b)"
                         r"(?:(?:static|final|nonisolated|override|mutating|convenience|required|indirect|private\(set\)|internal\(set\))\s+)*"
                         r"(func|var|let|init|struct|class|enum|protocol|actor|subscript|typealias|case)\b\s*([\w`]*)")
WITNESSES = {"init(from", "encode", "description", "hash", "==", "<", "makeIterator", "startIndex", "endIndex",
             "index", "sciError", "response", "errorDescription", "debugDescription", "next", "makeAsyncIterator",
             "validate", "run", "configuration", "authorize", "refreshAfterUnauthorized"}


def undocumented(path: pathlib.Path):
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        match = DECLARATION.match(line)
        if not match:
            continue
        kind, name = match.groups()
        key = "init(from" if kind == "init" and "from decoder" in line else (name or kind)
        # Operators, literal initializers and LogHandler's members are protocol witnesses too.
        operator = kind == "func" and not name
        literal = kind == "init" and "Literal" in line
        if key in WITNESSES or operator or literal or (kind == "subscript" and ("position" in line or "metadataKey" in line)) \
                or "func log(event" in line:
            continue
        indent = len(line) - len(line.lstrip())
        previous = number - 1
        # Attributes above the declaration, and the lines an attribute's arguments continue on, stand between it and
        # its comment.
        while previous >= 0 and (lines[previous].strip().startswith("@") or lines[previous].strip().startswith("//")
                                 and not lines[previous].strip().startswith("///")
                                 or len(lines[previous]) - len(lines[previous].lstrip()) > indent
                                 or lines[previous].strip().startswith(")")):
            previous -= 1
        if previous >= 0 and (lines[previous].strip().startswith("///") or lines[previous].strip().endswith("*/")):
            continue
        yield number + 1, line.strip()


def main() -> int:
    roots = [pathlib.Path(p) for p in sys.argv[1:]] or sorted(
        p for p in pathlib.Path("Modules").iterdir() if p.is_dir() and p.name not in {"System", "sci"})
    total = 0
    for root in roots:
        found = [(f, n, text) for f in sorted(root.rglob("*.swift")) for n, text in undocumented(f)]
        total += len(found)
        print(f"{root.name}: {len(found)} public symbol{'s' if len(found) != 1 else ''} without a doc comment")
        for file, number, text in found:
            print(f"  {file}:{number}: {text[:110]}")
    print(f"docs: {total} public symbols without a doc comment")
    # Every public symbol is documented now; keep it so.
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
