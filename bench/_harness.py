"""Shared by the benchmark scripts: paired, alternating measurements reported as ratios.

These machines are shared and noisy, so no figure is an absolute time. Each figure
runs the command under test (A) and its floor (B) alternately, A B A B, and reports
the median of the per-pair ratios A/B: load that comes and goes hits both sides of
a pair alike. ``interleave`` does the same for more than two sides (A B C D, then
B C D A, ...), handing each round its number so every round can take fresh input.
Peak memory and CPU time are the child's own (``os.wait4`` rusage), one process at
a time. Linux or macOS.

Child processes run with bytecode caching on, as an installed package has it,
whatever ``PYTHONDONTWRITEBYTECODE`` says: their ``.pyc`` files go to a temporary
``PYTHONPYCACHEPREFIX`` (made by the warm-up runs), so the repository stays clean
and neither side of a pair pays for compiling sources.
"""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "CHILD_ENV",
    "REGISTRY_XML",
    "Child",
    "Figure",
    "Paired",
    "interleave",
    "median_ratio",
    "paired",
    "peak_rss_kib",
    "print_figures",
    "require_registry",
    "run_child",
    "run_seconds",
    "txtkeys_argv",
]

_REPO = Path(__file__).resolve().parents[1]


def _shared_dir() -> Path:
    """/work/shared next to the repository (as CI clones it), else /work/shared."""
    beside = _REPO.parent / "shared"
    return beside if beside.is_dir() else Path("/work/shared")


REGISTRY_XML = _shared_dir() / "iana" / "service-names-port-numbers.xml"

_PYCACHE = tempfile.mkdtemp(prefix="txtkeys-bench-pycache-")
atexit.register(shutil.rmtree, _PYCACHE, ignore_errors=True)
CHILD_ENV = {
    **{key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPYCACHEPREFIX": _PYCACHE,
}


@dataclass
class Figure:
    """One measured figure: a ratio against its floor, and the goal it must meet.

    ``goal`` None makes it an informational line (``info``), which never fails the run.
    """

    name: str
    ratio: float
    goal: float | None
    unit: str = "x"
    higher_is_better: bool = False
    detail: dict[str, str] = field(default_factory=dict)

    @property
    def met(self) -> bool:
        if self.goal is None:
            return True
        return self.ratio >= self.goal if self.higher_is_better else self.ratio <= self.goal

    def line(self) -> str:
        sign = ">=" if self.higher_is_better else "<="
        verdict = "info" if self.goal is None else "ok" if self.met else "MISSED"
        facts = ", ".join(f"{key} {value}" for key, value in self.detail.items())
        shown = self._show(self.ratio)
        goal = "no goal" if self.goal is None else f"goal {sign} {self._show(self.goal)}"
        return f"{verdict:6} {self.name:50} {shown:>18} ({goal})  {facts}"

    def _show(self, number: float) -> str:
        if self.unit == "x":
            return f"{number:.2f}x"
        shown = f"{number:,.0f}" if number >= 100 else f"{number:.2f}"
        return f"{shown} {self.unit}"


def txtkeys_argv(*args: str) -> list[str]:
    """How a user runs ``txtkeys``: the installed console script under this interpreter.

    A version manager's shim (pyenv's is a bash script) would add its own start-up
    to every run, so the script is taken from this interpreter's scripts directory.
    """
    script = Path(sysconfig.get_path("scripts")) / "txtkeys"
    if script.is_file():
        return [sys.executable, str(script), *args]
    return [sys.executable, "-m", "txtkeys", *args]


def _one_core() -> None:
    """Pin the calling process (and what it forks) to one CPU."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def run_seconds(
    argv: Sequence[str], *, ok_codes: tuple[int, ...] = (0,), one_core: bool = False
) -> float:
    """Wall time of one whole process, output discarded; fails loudly if the command fails.

    ``one_core`` runs it on a single CPU (Linux), as on a machine with one core.
    """
    start = time.perf_counter()
    done = subprocess.run(
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
        env=CHILD_ENV,
        preexec_fn=_one_core if one_core else None,
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in ok_codes:
        raise SystemExit(f"bench: {' '.join(argv)} exited {done.returncode}: {done.stderr!r}")
    return elapsed


# Spawns the command and prints its max RSS and exit status. A child's max RSS starts
# from the RSS of the process it was forked from (Linux keeps the high-water mark
# across exec), so the command is spawned from this small launcher, never from the
# bench process itself, which holds registries and catalogues by then.
_LAUNCHER = """
import os, sys
quiet = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=quiet)
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


@dataclass
class Child:
    """One whole process: wall seconds, CPU seconds (user + system) and max RSS (KiB)."""

    wall: float
    cpu: float
    peak_kib: int
    status: int


# Like _LAUNCHER, and also times the child from spawn to exit and reads its CPU time
# from the same rusage (its waited-for children included). "1" as the first argument
# pins the launcher, so the child, to one CPU first.
_TIMING_LAUNCHER = """
import os, sys, time
if sys.argv[1] == "1":
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
quiet = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ, file_actions=quiet)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def run_child(
    argv: Sequence[str], *, ok_codes: tuple[int, ...] = (0,), one_core: bool = False
) -> Child:
    """Run ``argv`` alone, output discarded; its wall and CPU time and its peak memory.

    The wall time runs from spawn to exit, measured by the small launcher, so the
    launcher's own start-up is not in it. Fails loudly if the command fails.
    """
    if one_core and not hasattr(os, "sched_setaffinity"):
        raise SystemExit("bench: pinning to one core needs os.sched_setaffinity (Linux)")
    argv = list(argv)
    if not os.path.isabs(argv[0]):
        argv[0] = shutil.which(argv[0]) or argv[0]
    done = subprocess.run(
        [sys.executable, "-S", "-c", _TIMING_LAUNCHER, "1" if one_core else "0", *argv],
        capture_output=True,
        text=True,
        check=False,
        env=CHILD_ENV,
    )
    try:
        wall_text, cpu_text, peak_text, status_text = done.stdout.split()
        wall, cpu, peak, status = (
            float(wall_text),
            float(cpu_text),
            int(peak_text),
            int(status_text),
        )
    except ValueError:
        raise SystemExit(f"bench: cannot measure {' '.join(argv)}: {done.stderr!r}") from None
    if status not in ok_codes:
        raise SystemExit(f"bench: {' '.join(argv)} exited {status}")
    # ru_maxrss is KiB on Linux, bytes on macOS.
    return Child(wall, cpu, peak // 1024 if sys.platform == "darwin" else peak, status)


def peak_rss_kib(argv: Sequence[str]) -> int:
    """Max resident set size of one process running ``argv`` alone (KiB), from its rusage."""
    done = subprocess.run(
        [sys.executable, "-S", "-c", _LAUNCHER, *argv],
        capture_output=True,
        text=True,
        check=False,
        env=CHILD_ENV,
    )
    try:
        peak, status = (int(word) for word in done.stdout.split())
    except ValueError:
        raise SystemExit(f"bench: cannot measure {' '.join(argv)}: {done.stderr!r}") from None
    if status != 0:
        raise SystemExit(f"bench: {' '.join(argv)} exited {status}")
    # ru_maxrss is KiB on Linux, bytes on macOS.
    return peak // 1024 if sys.platform == "darwin" else peak


@dataclass
class Paired:
    """Medians of A, of B and of the per-pair ratio A/B."""

    a: float
    b: float
    ratio: float


def paired(measure_a: Callable[[], float], measure_b: Callable[[], float], *, pairs: int) -> Paired:
    """Alternate A and B ``pairs`` times after one warm-up each; medians of each and of A/B."""
    measure_a()
    measure_b()
    a_values: list[float] = []
    b_values: list[float] = []
    ratios: list[float] = []
    for turn in range(pairs):
        # Swap who goes first each pair, so neither side always follows the other.
        if turn % 2:
            b = measure_b()
            a = measure_a()
        else:
            a = measure_a()
            b = measure_b()
        a_values.append(a)
        b_values.append(b)
        ratios.append(a / b)
    return Paired(
        statistics.median(a_values), statistics.median(b_values), statistics.median(ratios)
    )


def interleave(
    measures: Sequence[Callable[[int], object]], rounds: int, *, warm_up: bool = True
) -> list[list[object]]:
    """Run every measure once per round, the order rotated each round; results per measure.

    The generalisation of A B A B to more sides: round ``r`` starts with measure ``r``
    modulo their number, so none always runs first. Each measure is called with the
    round number (0 is the warm-up round, when ``warm_up``, whose results are dropped),
    so it can take a fresh input per round.
    """
    count = len(measures)
    results: list[list[object]] = [[] for _ in measures]
    first = 0 if warm_up else 1
    for turn in range(first, rounds + 1):
        for step in range(count):
            index = (turn + step) % count
            value = measures[index](turn)
            if turn:
                results[index].append(value)
    return results


def median_ratio(a_values: Sequence[float], b_values: Sequence[float]) -> Paired:
    """Medians of A, of B and of the per-round ratio A/B (the rounds are paired)."""
    ratios = [a / b for a, b in zip(a_values, b_values, strict=True)]
    return Paired(
        statistics.median(a_values), statistics.median(b_values), statistics.median(ratios)
    )


def print_figures(figures: Sequence[Figure]) -> int:
    """Print one line per figure; the exit status is 1 when any goal is missed."""
    for figure in figures:
        print(figure.line())
    return 0 if all(figure.met for figure in figures) else 1


def require_registry() -> Path:
    if not REGISTRY_XML.is_file():
        raise SystemExit(f"bench: the registry XML is not at {REGISTRY_XML}")
    if not hasattr(os, "posix_spawn"):
        raise SystemExit("bench: needs os.posix_spawn and os.wait4 (Linux or macOS)")
    return REGISTRY_XML
