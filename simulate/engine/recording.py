"""What the engine records: one row per step visit and one slot per case, in flat typed arrays.

Rows are appended to :mod:`array` buffers as steps end (never per-row Python objects), and
handed over as numpy columns without a copy where the type allows, so a run holds less memory
than the rows it returns. A row's integer fields are packed into one int64 while running:
step code (bits 0-15) | round (16-31) | phase (32-39) | detached (bit 40).
"""

from __future__ import annotations

import sys
from array import array
from typing import Any

import numpy as np

#: Phase of a step row: the step's own work, a 补正 make-up, travel to a visit, or 秒批.
PHASES = ("work", "makeup", "travel", "auto")
WORK, MAKEUP, TRAVEL, AUTO = range(4)

ROUND_SHIFT = 16
PHASE_SHIFT = 32
DETACHED = 1 << 40


def packed(code: int, round_number: int, phase: int, detached: bool = False) -> int:
    """The integer fields of a step row packed into one int64 (see the module docstring)."""
    return code | round_number << ROUND_SHIFT | phase << PHASE_SHIFT | (DETACHED if detached else 0)


def column(buffer: array[Any], dtype: type[np.generic]) -> np.ndarray:
    """A numpy view of a typed array's buffer (no copy; the array is not appended to again)."""
    if len(buffer) == 0:
        return np.empty(0, dtype=dtype)
    return np.frombuffer(buffer, dtype=dtype)


class Recorder:
    """Step rows (appended as steps end) and per-case columns of one replication."""

    __slots__ = (
        "c_finish",
        "c_rounds",
        "c_stop_hours",
        "c_visits",
        "r_case",
        "r_end",
        "r_enter",
        "r_meta",
        "r_start",
    )

    def __init__(self, n_cases: int) -> None:
        self.r_case = array("q")
        self.r_meta = array("q")
        self.r_enter = array("d")
        self.r_start = array("d")
        self.r_end = array("d")
        self.c_finish = np.full(n_cases, np.nan)
        self.c_visits = np.zeros(n_cases, dtype=np.int16)
        self.c_rounds = np.zeros(n_cases, dtype=np.int16)
        self.c_stop_hours = np.zeros(n_cases)

    def record(
        self,
        case: int,
        code: int,
        round_number: int,
        phase: int,
        detached: bool,
        enter: float,
        start: float,
        end: float,
    ) -> None:
        """Append one step row: case number, its packed fields (:func:`packed`), clock times."""
        self.r_case.append(case)
        self.r_meta.append(packed(code, round_number, phase, detached))
        self.r_enter.append(enter)
        self.r_start.append(start)
        self.r_end.append(end)

    def case_columns(self, arrivals: np.ndarray) -> dict[str, np.ndarray]:
        """Per-case columns, in case order (see :class:`ReplicationOutput`)."""
        return {
            "case": np.arange(len(arrivals), dtype=np.int64),
            "arrival_h": arrivals,
            "finish_h": self.c_finish,
            "visits": self.c_visits,
            "rework_rounds": self.c_rounds,
            "clock_stop_hours": self.c_stop_hours,
        }

    def step_columns(self) -> dict[str, np.ndarray]:
        """Per-row columns, in the order the rows ended; the packed fields are released."""
        meta = column(self.r_meta, np.int64)
        if sys.byteorder == "little":  # read the packed fields in place: no int64 temporaries
            words = meta.view(np.int16).reshape(-1, 4)
            octets = meta.view(np.uint8).reshape(-1, 8)
            code = words[:, 0].copy()
            rnd = words[:, 1].copy()
            phase = octets[:, 4].astype(np.int8)
            detached = np.bitwise_and(octets[:, 5], 1).view(np.bool_)
        else:
            code = (meta & 0xFFFF).astype(np.int16)
            rnd = ((meta >> ROUND_SHIFT) & 0xFFFF).astype(np.int16)
            phase = ((meta >> PHASE_SHIFT) & 0xFF).astype(np.int8)
            detached = (meta & DETACHED) != 0
        del meta
        self.r_meta = array("q")
        return {
            "case": column(self.r_case, np.int64),
            "step_code": code,
            "round": rnd,
            "phase_code": phase,
            "detached": detached,
            "enter_h": column(self.r_enter, np.float64),
            "start_h": column(self.r_start, np.float64),
            "end_h": column(self.r_end, np.float64),
        }
