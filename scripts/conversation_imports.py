#!/usr/bin/env python3
"""Which module of src/conversation/ uses which, and the circles among them.

Usage: scripts/conversation_imports.py

A module is a file or a folder directly under src/conversation/ (a folder's files
count as one module). A use is `super::x`, `crate::conversation::x` or, inside a
folder, `super::super::x`; `mod.rs` of conversation itself is `engine`. Circles are
looked for among the flows only (not through `engine`, which every flow uses).
"""

import re
from pathlib import Path

ROOT = Path("src/conversation")
PATH = re.compile(r"\b(?:crate::conversation|super(?:::super)?)::(?:\{([^}]*)\}|(\w+))", re.S)


def module_of(path):
    rel = path.relative_to(ROOT)
    if rel.parts == ("mod.rs",):
        return "engine"
    return rel.parts[0].removesuffix(".rs")


def modules():
    return sorted({module_of(p) for p in ROOT.rglob("*.rs")})


def edges():
    known = set(modules())
    out = {}
    for path in sorted(ROOT.rglob("*.rs")):
        me = module_of(path)
        text = re.sub(r"//[^\n]*", "", path.read_text())
        nested = len(path.relative_to(ROOT).parts) > 1 and path.name != "mod.rs" or len(path.relative_to(ROOT).parts) > 2
        for m in PATH.finditer(text):
            whole = m.group(0)
            names = [m.group(2)] if m.group(2) else [
                n.strip().split("::")[0] for n in m.group(1).split(",")
            ]
            # inside a folder, `super::` is the folder's own mod.rs
            if len(path.relative_to(ROOT).parts) > 1 and whole.startswith("super::") and not whole.startswith("super::super"):
                target_self = True
            else:
                target_self = False
            for name in names:
                name = name.strip()
                if name == "self":
                    continue
                if target_self or not name:
                    continue
                target = name if name in known else "engine"
                if target != me:
                    out.setdefault(me, set()).add(target)
        if me == "engine":
            # the engine (mod.rs) names its children directly: `router::route`
            for name in known - {"engine"}:
                if re.search(rf"(?<![\w:]){name}::", text):
                    out.setdefault(me, set()).add(name)
    return out


def circles(graph):
    found, seen = [], set()

    def walk(node, stack):
        for nxt in sorted(graph.get(node, ())):
            if nxt in stack:
                cyc = stack[stack.index(nxt):]
                key = frozenset(cyc)
                if key not in seen:
                    seen.add(key)
                    found.append(cyc + [nxt])
            elif len(stack) < 8:
                walk(nxt, stack + [nxt])

    for node in sorted(graph):
        walk(node, [node])
    return found


def main():
    graph = edges()
    for me in modules():
        print(f"{me:14} -> {', '.join(sorted(graph.get(me, ()))) or '-'}")
    # mod.rs holds what every flow shares (Turn, State, Input) and declares the
    # flows: its edges are shown but a circle through it is no circle of flows.
    flows = {k: {t for t in v if t != "engine"} for k, v in graph.items() if k != "engine"}
    cycles = circles(flows)
    print(f"\ncircles ({len(cycles)}):" if cycles else "\nno circles")
    for c in cycles:
        print("  " + " -> ".join(c))


if __name__ == "__main__":
    main()
