"""Reforms on when, where and in what order cases are served: 绿色通道 / 优先办理 (a priority
class at a desk), 集中申办 / 集中办理 (a step handled in batches) and 全城通办 / 跨域通办 (several
service points serving one queue).

Each is a pure function Scenario -> Scenario built with :func:`dataclasses.replace`;
importing :mod:`simulate.reforms` registers them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from simulate.io.fields import LARGEST, show
from simulate.reforms.desks import single_window
from simulate.reforms.edit import with_desk, with_step
from simulate.reforms.params import desk_param, duration_param, number_param, step_param
from simulate.reforms.registry import ReformError, reform
from simulate.scenario.attributes import Condition
from simulate.scenario.model import Batch, Scenario
from simulate.strings import text

__all__: list[str] = []


def conditions_param(value: Any, field: str) -> tuple[Condition, ...]:
    """``when:`` conditions: ``{name: value}``, ``{name: [values]}`` or ``{name: {min, max}}``.

    The attribute names and values are checked against the scenario afterwards, with the
    rest of the scenario (an unknown attribute is reported there, with its did-you-mean).
    """
    if not isinstance(value, Mapping) or not value:
        raise ReformError(
            text("reform.queues.not_conditions", value=show(value)),
            field=field,
            fix=text("reform.queues.write_when"),
        )
    out = []
    for name, test in value.items():
        where = f"{field}.{name}"
        if isinstance(test, str):
            out.append(Condition(attribute=str(name), values=(test,)))
        elif isinstance(test, list) and test and all(isinstance(x, str) for x in test):
            out.append(Condition(attribute=str(name), values=tuple(test)))
        elif isinstance(test, Mapping) and test and set(test) <= {"min", "max"}:
            low = number_param(test["min"], f"{where}.min", low=-LARGEST) if "min" in test else None
            high = (
                number_param(test["max"], f"{where}.max", low=-LARGEST) if "max" in test else None
            )
            if low is not None and high is not None and low > high:
                raise ReformError(
                    text("problem.min_max", low=low, high=high),
                    field=where,
                    fix=text("problem.swap"),
                )
            out.append(Condition(attribute=str(name), minimum=low, maximum=high))
        else:
            raise ReformError(
                text("reform.queues.bad_test", value=show(test)),
                field=where,
                fix=text("reform.queues.write_when"),
            )
    return tuple(out)


@reform(
    "green_channel",
    label="绿色通道 / 优先办理",
    citation="000_f80ffa6c48ad881a.txt#L39",
    quote="为守信者提供“容缺受理”“绿色通道”便利措施",
    example="green_channel: {desks: [counter], when: {project: key}}",
)
def green_channel(scenario: Scenario, *, desks: Any, when: Any) -> Scenario:
    """Cases of a priority class are served first at the listed desks.

    A case whose attributes meet every condition of ``when`` (its class: e.g. an AEO or
    class-1 exporter, an elderly applicant, a key project) goes ahead of every waiting case
    outside the class when a staff member of the desk comes free; the case being served is
    not interrupted (non-preemptive priority), and each class is served first come, first
    served. Staff, hours and durations do not change, so the desk does the same work: the
    class waits less and the others wait more (for equal service times the mean wait over
    all cases stays the same). The attributes are declared under ``attributes:``.

    Parameters
    ----------
    desks : list
        Desk ids whose queue serves the class first (a single id is accepted too).
    when : mapping
        The class: attribute conditions, as a step's ``when:``.
    """
    listed = [desks] if isinstance(desks, str) else desks
    if not isinstance(listed, list | tuple) or not listed:
        raise ReformError(
            text("reform.queues.not_desks", value=show(desks)),
            field="desks",
            fix=text("reform.queues.write_desks"),
        )
    ids = [desk_param(scenario, d, f"desks[{i}]") for i, d in enumerate(listed)]
    if len(set(ids)) != len(ids):
        raise ReformError(
            text("reform.desks.listed_twice"), field="desks", fix=text("reform.desks.list_once")
        )
    conditions = conditions_param(when, "when")
    out = scenario
    for did in ids:
        if not any(st.desk == did for st in scenario.steps):
            raise ReformError(
                text("reform.queues.unused_desk", desk=did),
                field="desks",
                fix=text("reform.queues.serving_desk"),
            )
        out = with_desk(out, replace(out.desk(did), priority=conditions))
    return out


@reform(
    "batch_handling",
    label="集中申办 / 集中办理",
    citation="002_dfd09f50bfb99d37.txt#L127",
    quote="批量办理营业执照变更登记、注销登记的，试行跨层级、跨地区、集中统一办理",
    example="batch_handling: {step: check, every_working_days: 1}",
)
def batch_handling(
    scenario: Scenario, *, step: Any, every_working_days: Any = None, size: Any = None
) -> Scenario:
    """A step handles cases in batches: they gather and start it together.

    A batch starts at the next session, held every ``every_working_days`` working days at
    the opening of the step's office hours, or as soon as ``size`` cases have gathered,
    whichever comes first (give one or both). The step's work is then done as before, for
    each case of the batch (queueing for its desk's staff, if any). For a steady stream and
    sessions only, a case waits on average about half the interval between sessions; with a
    size only, the last cases of a run wait until enough others arrive (or past its end).
    The plans name 集中申办 (002 line 127) without a schedule or a batch size: both are the
    planner's assumptions.

    Parameters
    ----------
    step : str
        The step handled in batches.
    every_working_days : float, optional
        Working days between sessions (> 0; 1: a session at the opening of every working day).
    size : int, optional
        Cases that start a batch as soon as they have gathered (>= 2).
    """
    sid = step_param(scenario, step, "step")
    if every_working_days is None and size is None:
        raise ReformError(
            text("reform.desks.changes_nothing"),
            field="step",
            fix=text("reform.queues.give_batch"),
        )
    every = (
        None
        if every_working_days is None
        else number_param(every_working_days, "every_working_days", strict=True)
    )
    count = None
    if size is not None:
        n = number_param(size, "size", low=2.0)
        if not n.is_integer():
            raise ReformError(
                text("field.not_whole", value=size), field="size", fix=text("reform.round")
            )
        count = int(n)
    current = scenario.step(sid)
    if current.batch is not None:
        raise ReformError(
            text("reform.queues.already_batched", name=sid),
            field="step",
            fix=text("reform.queues.apply_once"),
        )
    batch = Batch(every_working_days=every, size=count, assumption="batch_handling reform")
    return with_step(scenario, replace(current, batch=batch))


@reform(
    "cross_area_service",
    label="全城通办 / 跨域通办 / 就近办",
    citation="004_ae791fdead5d71ad.txt#L75",
    quote="实行不动产登记“全城通办”",
    example="cross_area_service: {desks: [a_counter, b_counter], into: any_point, label: 全城通办}",
)
def cross_area_service(
    scenario: Scenario, *, desks: Any, into: Any, label: Any = "", travel: Any = None
) -> Scenario:
    """Several service points of one matter serve any applicant: one queue for their staff.

    The desks of the listed service points (a district hall each) are pooled as
    ``single_window`` pools them: one queue, staff summed, office hours merged, so an
    applicant is served by whichever point's clerk comes free first. That is the ideal of
    通办 (perfect sharing of the load, as when files are passed between points or taken in
    anywhere, 异地代收代办); applicants who pick a point on arrival, without seeing the
    queues, gain less. ``single_window`` pools the desks of different matters in one hall
    (综窗); this pools the points of one matter across places, and may also change the trip.
    With ``travel`` (就近办), the trip before every visit to the pooled points becomes that
    duration (the nearest point instead of the one in the applicant's own district).

    Parameters
    ----------
    desks : list
        Desk ids of the service points (at least 2) to pool.
    into : str
        Id of the pooled desk (new, or one of the pooled desks).
    label : str, optional
        Its label, e.g. 全城通办 (default: the points' labels joined).
    travel : duration, optional
        The trip before a visit to a pooled point, e.g. ``{natural_hours: 0.25}``.
    """
    trip = duration_param(travel, "travel") if travel is not None else None
    out = single_window(scenario, desks=desks, into=into, label=label)
    if trip is None:
        return out
    pooled = str(into)
    visits = [st for st in out.steps if st.desk == pooled and st.visit]
    if not visits:
        raise ReformError(
            text("reform.queues.no_visit"),
            field="travel",
            fix=text("reform.queues.leave_travel"),
        )
    for st in visits:
        out = with_step(out, replace(st, travel=trip))
    return out
