"""Fingerprint the tables of every shipped scenario, to prove a change keeps behaviour.

Runs each scenario file under ``scenarios/`` with a fixed seed and a few replications and
records a SHA-256 of the cases, steps and desks tables (as CSV bytes) and of the summary.
Two fingerprint files that are equal mean the same seed gave the same tables, byte for byte.

    python tools/table_fingerprints.py write before.json      # on the old code
    python tools/table_fingerprints.py write after.json       # on the new code
    python tools/table_fingerprints.py compare before.json after.json

``--replications`` (default 2) and ``--seed`` (default 7) must match between the two runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _digest(frame: object) -> str:
    csv = frame.to_csv(index=False, float_format="%.17g")  # type: ignore[attr-defined]
    return hashlib.sha256(csv.encode("utf-8")).hexdigest()


def fingerprints(folder: Path, replications: int, seed: int) -> dict[str, dict[str, str]]:
    import simulate as sim
    from simulate.library import scenario_files

    out: dict[str, dict[str, str]] = {}
    for path in scenario_files(folder):
        scenario = sim.load_scenario(path)
        results = sim.run(scenario, replications=replications, seed=seed, progress=False)
        out[str(path.relative_to(folder))] = {
            "cases": _digest(results.cases),
            "steps": _digest(results.steps),
            "desks": _digest(results.desks),
            "summary": _digest(results.summary()),
        }
        print(f"  {path.relative_to(folder)}", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    write = sub.add_parser("write", help="run every shipped scenario and write fingerprints")
    write.add_argument("out", type=Path)
    write.add_argument("--scenarios", type=Path, default=ROOT / "scenarios")
    write.add_argument("--replications", type=int, default=2)
    write.add_argument("--seed", type=int, default=7)
    cmp = sub.add_parser("compare", help="compare two fingerprint files")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    args = parser.parse_args(argv)

    if args.command == "write":
        prints = fingerprints(args.scenarios, args.replications, args.seed)
        meta = {"replications": args.replications, "seed": args.seed}
        args.out.write_text(json.dumps({"meta": meta, "files": prints}, indent=1, sort_keys=True))
        print(f"{len(prints)} scenario files fingerprinted into {args.out}")
        return 0

    before = json.loads(args.before.read_text())
    after = json.loads(args.after.read_text())
    if before["meta"] != after["meta"]:
        print(f"different settings: {before['meta']} vs {after['meta']}")
        return 2
    differ = []
    for name in sorted(set(before["files"]) | set(after["files"])):
        a, b = before["files"].get(name), after["files"].get(name)
        if a != b:
            tables = (
                "missing" if a is None or b is None else ", ".join(k for k in a if a[k] != b.get(k))
            )
            differ.append(f"{name}: {tables}")
    if differ:
        print("tables differ:\n  " + "\n  ".join(differ))
        return 1
    print(f"identical: {len(before['files'])} scenario files, every table byte for byte")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
