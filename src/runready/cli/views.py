"""Terminal views of stored data: session lines, status, import reports, the progress bar."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runready.core.state import State
    from runready.services.calibrating import Report
    from runready.services.importing import FileReport, ImportSummary
    from runready.services.journal import StoredSession


def session_line(item: StoredSession) -> str:
    """Return one line describing a stored session."""
    s = item.session
    parts = [f"{s.start:%Y-%m-%d %H:%M}", f"{s.type.value:<8}", f"{s.duration_min:6.1f} min"]
    parts.append(f"{s.distance_km:7.2f} km" if s.distance_km is not None else " " * 10)
    details = []
    if s.kind:
        details.append(s.kind.value)
    if s.focus:
        details.append(s.focus.value)
    if s.rpe is not None:
        details.append(f"RPE {s.rpe:g}")
    if s.avg_hr_bpm:
        details.append(f"HR {s.avg_hr_bpm:.0f}")
    sets = sum(len(e.sets) for e in s.exercises)
    if sets:
        details.append(f"{sets} sets")
    if s.name:
        details.append(repr(s.name))
    parts.append(", ".join(details))
    parts.append(f"[{item.source}] …{str(item.id)[-8:]}")
    return "  ".join(parts)


def _bar(value: float, width: int = 20) -> str:
    filled = round(max(0.0, min(1.0, value)) * width)
    return "█" * filled + "·" * (width - filled)


def status_lines(name: str, at: datetime, state: State) -> list[str]:
    """Return the human status view."""
    lines = [f"{name} at {at:%a %d %b %Y %H:%M}", "", "Fatigue per muscle (0 fresh → 1 heavy):"]
    ranked = sorted(state.muscles.items(), key=lambda item: -item[1])
    lines += [f"  {region.value:<11} {_bar(value)} {value:.2f}" for region, value in ranked]
    acwr = f"{state.acwr:.2f}" if state.acwr is not None else "-"
    lines += [
        "",
        f"Fitness (CTL) {state.ctl:.1f} · fatigue (ATL) {state.atl:.1f} · form (TSB) "
        f"{state.tsb:+.1f} · ACWR {acwr} (shown only)",
        f"Running: {state.run_km_7d:.1f} km in 7 days, {state.run_km_28d:.1f} km in 28 days",
        f"Lifting: {state.strength_sets_7d:.0f} sets in 7 days, {state.strength_sets_28d:.0f} "
        "sets in 28 days",
    ]
    if state.hours_since_hard_legs is not None:
        lines.append(f"Last hard leg session ended {state.hours_since_hard_legs:.1f} h ago")
    return lines


def import_lines(summary: ImportSummary, every_file: bool) -> list[str]:
    """Return the per-file report (problems only when ``every_file`` is False) and totals."""
    lines = []
    for report in summary.files:
        if every_file or report.outcome in ("rejected", "skipped"):
            lines.append(report_line(report))
    counts = summary.counts
    lines.append(
        f"{len(summary.files)} files: {counts['imported']} imported, {counts['duplicate']} "
        f"duplicate, {counts['skipped']} skipped, {counts['rejected']} rejected; "
        f"{summary.sessions_added} new sessions"
    )
    if not every_file and len(summary.files) > len(lines) - 1:
        lines.append("(use --all or --json to list every file)")
    return lines


def report_line(report: FileReport) -> str:
    """Return one line for a file's import: outcome, name, sessions added and why."""
    detail = f" ({report.sessions_added} sessions)" if report.sessions_added else ""
    why = f": {report.reason}" if report.reason else ""
    return f"{report.outcome:>9}  {report.name}{detail}{why}"


@contextmanager
def progress_bar(total: int | None, quiet: bool) -> Iterator[Callable[[FileReport], None]]:
    """Yield a callback that advances a Rich progress bar (silent when piped or quiet)."""
    from collections import Counter

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(file=sys.stderr)
    counts: Counter[str] = Counter()
    columns = (
        SpinnerColumn(),
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
    )
    with Progress(
        *columns, console=console, disable=quiet or not console.is_terminal, transient=False
    ) as progress:
        task = progress.add_task("import", total=total, counts="")

        def advance(report: FileReport) -> None:
            counts[report.outcome] += 1
            text = " ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            done = sum(counts.values())
            progress.update(
                task, completed=done, counts=text, total=max(total or 0, done) if total else None
            )

        yield advance


def calibration_lines(report: Report) -> list[str]:
    """Return the personal rate and the advice's record as lines."""
    rate = report.calibration
    low, high = rate.interval
    lines = [
        rate.sentence(),
        f"  multiplier in use {rate.multiplier:.2f} (estimate {rate.estimate:.2f}, 80 % interval "
        f"{low:.2f}-{high:.2f}); {rate.faster} outcomes faster and {rate.slower} slower than the "
        "default expected",
        "",
        f"Record: {report.shown.sentence()} (too loose {report.shown.too_loose}, too strict "
        f"{report.shown.too_strict}).",
        "  a run held when the advice allowed it and the legs felt fine, or advised against it",
        "  and the legs felt heavy or you had to stop",
    ]
    learned, default = report.held_out.learned, report.held_out.default
    if learned.runs:
        lines.append(
            f"Held out (each run judged by advice that had not seen it): the learned rate held "
            f"on {learned.held} of {learned.runs}, the default on {default.held} of "
            f"{default.runs}."
        )
    return lines
