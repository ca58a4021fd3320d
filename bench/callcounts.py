#!/usr/bin/env python3
"""Calls into the costly kinds of function per unit of work, from two callgrind runs.

    callcounts.py [--tsv] UNITS_A OUT_A UNITS_B OUT_B

OUT_A and OUT_B are callgrind output files of the same command doing UNITS_A
and UNITS_B units of work (tokens, batch lines, HTTP requests); everything the
two runs share (start-up, warm-up, shut-down) cancels out in their difference,
which is divided by UNITS_B - UNITS_A. Prints one JSON line per kind:
{"kind": ..., "per_unit": ..., "target": ..., "functions": {name: per_unit}};
with --tsv, one line per kind of kind, per unit, target and the four
functions called most, tab-separated.

A call is counted when a function outside the kind calls one inside it, so
that QString::arg calling QString::number, or realloc calling malloc, counts
once. A function called less than once in 20 units is left out: that is work
done now and then across units (a buffer kept between them growing), not
work each unit does. Call counts do not depend on the CPU or the machine's load.
"""
import json
import re
import sys
from collections import defaultdict

# Calls per unit below this are not made by each unit (see above).
NOT_PER_UNIT = 0.05

# Each kind: what it stands for, the names that belong to it (demangled, as
# callgrind writes them) and the most calls per unit the hot path may make.
KINDS = [
    ("qHash", "calls into qHash (any overload, qHashBits, qHashMulti)", re.compile(r"^qHash"), 0),
    (
        "text-keyed lookups",
        "QJsonObject, QCborMap, QHash and QMap lookups by a text key (entry points Qt does not inline)",
        re.compile(
            r"^(QJsonObject::(value|operator\[\]|find|constFind|contains|remove|take|insert)"
            r"|QCborMap::(value|operator\[\]|find|constFind|contains|remove|take|insert)"
            r"|QHash<QString, .*>::(find|value|contains|operator\[\]|insert|remove|take)"
            r"|QMap<QString, .*>::(find|value|contains|operator\[\]|insert|remove|take))\("
        ),
        0,
    ),
    (
        "QString comparisons",
        "QString comparisons (equalStrings, compareStrings, QString::compare): what a QMap<QString> lookup calls",
        re.compile(r"^(QtPrivate::(equalStrings|compareStrings)|QString::compare(_helper)?)\("),
        0,
    ),
    (
        "QString constructions",
        "Qt functions that make a new QString's text (out-of-line constructors, from*, number, arg, "
        "mid/left/right, case and space helpers, printf-style)",
        re.compile(
            r"^QString::(QString\(|from[A-Za-z0-9_]*\(|number\(|arg\(|mid\(|left\(|right\(|repeated\("
            r"|to(Lower|Upper|CaseFolded)_helper\(|(trimmed|simplified)_helper\(|v?asprintf\(|section\()"
        ),
        0,
    ),
    (
        "heap allocations",
        "malloc, calloc, realloc and the aligned allocators (operator new calls malloc)",
        re.compile(r"^(__libc_)?(malloc|calloc|realloc|memalign|posix_memalign|aligned_alloc)$"),
        12,
    ),
]

NAMED = re.compile(r"^\((\d+)\)(?: (.*))?$")


def calls_by_kind(path):
    """{kind: {callee: calls}} of one callgrind output file."""
    names = {}  # fn and cfn share one table of compressed names

    def name_of(spec):
        match = NAMED.match(spec)
        if not match:
            return spec
        number, name = match.groups()
        if name is not None:
            names[number] = name
        return names.get(number, spec)

    def kind_of(name):
        for kind, _, pattern, _ in KINDS:
            if pattern.search(name):
                return kind
        return None

    counts = defaultdict(lambda: defaultdict(int))
    caller_kind = None
    callee = None
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if line.startswith("fn="):
                caller_kind = kind_of(name_of(line[3:].rstrip("\n")))
            elif line.startswith("cfn="):
                callee = name_of(line[4:].rstrip("\n"))
            elif line.startswith("calls=") and callee is not None:
                kind = kind_of(callee)
                if kind is not None and kind != caller_kind:
                    counts[kind][callee] += int(line[6:].split()[0])
    return counts


def main():
    arguments = sys.argv[1:]
    tsv = arguments[:1] == ["--tsv"]
    if tsv:
        arguments = arguments[1:]
    if len(arguments) != 4:
        sys.exit(__doc__)
    units_a, units_b = int(arguments[0]), int(arguments[2])
    if units_b <= units_a:
        sys.exit("callcounts.py: UNITS_B must be more than UNITS_A")
    a, b = calls_by_kind(arguments[1]), calls_by_kind(arguments[3])
    units = units_b - units_a
    for kind, meaning, _, target in KINDS:
        functions = {}
        for name in set(a[kind]) | set(b[kind]):
            per_unit = (b[kind].get(name, 0) - a[kind].get(name, 0)) / units
            # Fewer calls than one in twenty units are no unit's own work (a kept buffer
            # growing now and then, a timer): the units differ by hundreds, so they show as 0.01.
            if abs(per_unit) >= NOT_PER_UNIT:
                functions[name] = round(per_unit, 2)
        total = round(sum(functions.values()), 2)
        functions = dict(sorted(functions.items(), key=lambda item: -item[1]))
        if tsv:
            top = ", ".join(f"{name.split('(')[0]} {calls:g}" for name, calls in list(functions.items())[:4])
            print(f"{kind}\t{total:g}\t{target}\t{top}")
        else:
            print(json.dumps({"kind": kind, "per_unit": total, "target": target, "meaning": meaning,
                              "functions": functions}))


if __name__ == "__main__":
    main()
