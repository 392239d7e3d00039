"""Benchmark: what writing the outputs costs a ``simulate run`` of the largest shipped scenario.

The scenario is the shipped one that returns the most rows (company registration's baseline:
about 48 companies a working day for 120 working days, ten replications, some 58 thousand
cases and 478 thousand step rows). The run is made in this process as ``simulate run`` makes
it: load, run, print the summary, write the outputs (summary, tables, manifest and the
formatted workbook). Printed:

* the time of each part and the share of the wall time spent writing outputs
  (target: at most 0.20);
* the peak traced memory of run and write together (tracemalloc, in a second, untimed pass),
  against the bytes of the rows the run returns (the cases, steps and desks tables, deep);
  target: a ratio of at most 2.0;
* for reference, the same write with the per-case rows streamed into the workbook
  (``--rows-in-workbook``), which planners ask for only when they need it.

Run: ``python benchmarks/bench_outputs.py [--scenario FILE] [--skip-rows-in-workbook]``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's simulate

import simulate as sim
from simulate.results.write import write_results

ROOT = Path(__file__).resolve().parents[1]
LARGEST = ROOT / "scenarios" / "company_registration" / "baseline.yaml"


#: Run in a fresh interpreter: ``simulate run`` as the command line runs it, imports included,
#: with the output writer timed (it is looked up when the command runs).
CHILD = """
import json, sys, time
t0 = time.perf_counter()
import simulate.results.write as write
from simulate.cli.main import main
spent = []
original = write.write_results
def timed(*args, **kwargs):
    t = time.perf_counter()
    try:
        return original(*args, **kwargs)
    finally:
        spent.append(time.perf_counter() - t)
write.write_results = timed
status = main(sys.argv[1:])
wall = time.perf_counter() - t0
print(json.dumps({"status": status, "wall": wall, "write": sum(spent)}), file=sys.stderr)
"""


def cli_run(path: Path, out: Path, extra: list[str]) -> dict[str, float]:
    """Wall time of ``simulate run`` in a fresh interpreter, and the part spent writing."""
    command = [sys.executable, "-c", CHILD, "run", str(path), "--out", str(out), *extra]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    last = done.stderr.strip().splitlines()[-1]
    return dict(json.loads(last))


def table_bytes(results: sim.Results) -> int:
    """Deep bytes of the rows a run returns."""
    return int(
        sum(t.memory_usage(deep=True).sum() for t in (results.cases, results.steps, results.desks))
    )


def traced_peak(path: Path, out: Path) -> tuple[int, int, int]:
    """Peak traced bytes of run and write (after imports), the bytes returned, and the rows."""
    # a small run first, so one-time imports (scipy, openpyxl, pyarrow) are not counted
    small = sim.run(sim.load_scenario(ROOT / "scenarios" / "example_gas.yaml"), replications=2)
    write_results(small, out.with_name("warm"))
    scenario = sim.load_scenario(path)
    gc.collect()
    tracemalloc.start()
    results = sim.run(scenario, progress=False)
    with contextlib.redirect_stdout(io.StringIO()):
        print(results.report())
    write_results(results, out)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, table_bytes(results), len(results.cases) + len(results.steps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", type=Path, default=LARGEST)
    parser.add_argument("--skip-rows-in-workbook", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cli_run(args.scenario, Path(tmp) / "a", ["--no-excel"])  # warm the file cache
        timed = cli_run(args.scenario, Path(tmp) / "a", [])
        peak, returned, rows = traced_peak(args.scenario, Path(tmp) / "b")
        print(f"scenario {args.scenario.relative_to(ROOT)}: {rows:,} rows (cases + steps)")
        share = timed["write"] / timed["wall"]
        print(f"  simulate run: wall {timed['wall']:.2f} s, writing outputs {timed['write']:.2f} s")
        print(
            f"  writing outputs / wall time   {share:.3f}  (target <= 0.20: {'met' if share <= 0.2 else 'MISSED'})"
        )
        ratio = peak / returned
        print(
            f"  peak traced memory of run and write {peak / 1e6:.0f} MB / rows returned "
            f"{returned / 1e6:.0f} MB = {ratio:.2f}  (target <= 2.0: {'met' if ratio <= 2.0 else 'MISSED'})"
        )
        parquet = cli_run(args.scenario, Path(tmp) / "c", ["--rows", "parquet"])
        print(
            f"  with --rows parquet: writing {parquet['write']:.2f} s, "
            f"{parquet['write'] / parquet['wall']:.3f} of the wall time"
        )
        if not args.skip_rows_in_workbook:
            full = cli_run(args.scenario, Path(tmp) / "d", ["--rows-in-workbook"])
            print(
                f"  with --rows-in-workbook: writing {full['write']:.1f} s, "
                f"{full['write'] / full['wall']:.2f} of the wall time"
            )


if __name__ == "__main__":
    main()
