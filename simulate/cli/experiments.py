"""``simulate compare`` and ``simulate attribute``: several scenarios on common random numbers."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import Any

from simulate.cli.options import (
    add_charts,
    add_force,
    add_quiet,
    check_counts,
    check_outputs,
    executor_for,
)
from simulate.errors import ScenarioError
from simulate.strings import text


def register(commands: Any) -> None:
    """Add ``compare`` and ``attribute`` to the command parsers."""
    compare = commands.add_parser("compare", help=text("cli.compare.help"))
    compare.add_argument("scenarios", type=Path, nargs="+", help=text("cli.compare.scenarios"))
    compare.add_argument(
        "--replications",
        "-n",
        type=int,
        default=None,
        help=text("cli.compare.replications"),
    )
    compare.add_argument("--seed", type=int, default=None, help=text("cli.compare.seed"))
    compare.add_argument("--jobs", "-j", type=int, default=1, help=text("cli.jobs"))
    compare.add_argument("--out", "-o", type=Path, default=None, help=text("cli.compare.out"))
    compare.add_argument("--limit", type=float, default=None, help=text("cli.compare.limit"))
    add_charts(compare, text("cli.charts"))
    add_force(compare)
    add_quiet(compare)
    compare.set_defaults(handler=compare_command)

    attribute = commands.add_parser(
        "attribute",
        help=text("cli.attribute.help"),
    )
    attribute.add_argument("scenario", type=Path, help=text("cli.attribute.scenario"))
    attribute.add_argument(
        "--metric",
        default=None,
        help=text("cli.attribute.metric"),
    )
    attribute.add_argument(
        "--replications", "-n", type=int, default=None, help=text("cli.attribute.replications")
    )
    attribute.add_argument("--seed", type=int, default=None, help=text("cli.attribute.seed"))
    attribute.add_argument("--jobs", "-j", type=int, default=1, help=text("cli.jobs"))
    add_charts(attribute, text("cli.attribute.charts"))
    add_force(attribute)
    attribute.add_argument(
        "--group",
        action="append",
        default=[],
        metavar="NAME=R1,R2",
        help=text("cli.attribute.group"),
    )
    attribute.set_defaults(handler=attribute_command)


def compare_command(args: argparse.Namespace) -> int:
    """Compare scenario files against the first; print and optionally write the comparison."""
    from simulate.experiments.compare import compare
    from simulate.experiments.write import write_comparison
    from simulate.library import load_scenario

    check_counts(args)
    scenarios = [load_scenario(p) for p in args.scenarios]
    charts_inside = check_outputs(args.out, args.charts, force=args.force)
    warn_overload(scenarios)
    comparison = compare(
        scenarios,
        replications=args.replications,
        seed=args.seed,
        jobs=args.jobs,
        executor=executor_for(args),
        progress=False if args.quiet else None,
        limit=args.limit,
    )
    with contextlib.ExitStack() as stack:  # charts elsewhere: both folders are swapped in last
        if args.charts is not None and charts_inside is None:
            from simulate.plotting import write_compare_charts
            from simulate.results.write import atomic_dir

            folder = stack.enter_context(
                atomic_dir(args.charts, force=args.force, option="--charts")
            )
            write_compare_charts(comparison, folder, force=True, svg_text=args.svg_text)
        if args.out is not None:
            extra = None
            if charts_inside is not None:
                from simulate.plotting import write_compare_charts

                def extra(folder: Path) -> None:
                    write_compare_charts(
                        comparison, folder / charts_inside, force=True, svg_text=args.svg_text
                    )

            write_comparison(comparison, args.out, force=args.force, option="--out", extra=extra)
    if not args.quiet:
        print(comparison.report())
    return 0


def attribute_command(args: argparse.Namespace) -> int:
    """Split a file's saving between its reforms (Shapley values) and print it."""
    from simulate.experiments.attribution import attribute
    from simulate.io.loader import load_bundle
    from simulate.library import resolve
    from simulate.reforms import reform_key

    check_counts(args)
    base, reforms = load_bundle(resolve(args.scenario))
    check_outputs(None, args.charts, force=args.force)
    if not reforms:
        raise ScenarioError(text("cli.attribute.no_reforms", file=args.scenario))
    groups: dict[str, list[str]] = {}
    for spec in args.group:
        name, sep, members = spec.partition("=")
        if not sep or not name or not members:
            raise ScenarioError(text("cli.attribute.bad_group", spec=spec))
        groups[name] = [reform_key(m.strip()) for m in members.split(",") if m.strip()]
    attribution = attribute(
        base,
        reforms,
        metric=args.metric,
        replications=args.replications,
        seed=args.seed,
        jobs=args.jobs,
        executor=executor_for(args),
        groups=groups or None,
    )
    if args.charts is not None:
        from simulate.plotting import write_attribution_chart

        write_attribution_chart(attribution, args.charts, force=args.force, svg_text=args.svg_text)
    print(attribution.report())
    return 0


def warn_overload(scenarios: list[Any]) -> None:
    """Before a run: say which desks are offered more work than they can do."""
    from simulate.offered_load import overloaded_desks

    for scenario in scenarios:
        for load in overloaded_desks(scenario):
            print(text("cli.warning", name=scenario.name, message=load.warning()), file=sys.stderr)
