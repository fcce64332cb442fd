#!/usr/bin/env python3
"""Slider latency: from a slider's new value to the figure drawn, for every widget in the course.

    python benchmarks/slider_latency.py           # every builder of every lesson module found
    python benchmarks/slider_latency.py --quick   # first builder of each lesson, a few moves
    python benchmarks/slider_latency.py --lessons l01 l03 --changes 60

Every ``bplib.lessons.lNN`` module that exists is imported and each builder
in its ``BUILDERS`` dict is driven in-process on matplotlib's Agg canvas (no
browser, no kernel). One control at a time (round-robin over the demo's
controls) is moved through a fixed, seeded sequence of positions that its
slider can really take, as a learner dragging it would. Timed for each move:

* **in place** — ``demo.controls[name].value = v``: the demo's ``update()``
  changes its artists and calls ``fig.canvas.draw_idle()``, which on Agg
  renders the whole figure before returning. A ``draw_event`` listener
  checks that each move really drew the figure (or, for a demo that blits,
  ``canvas.blit`` being called: the move drew its changing artists over the
  figure's kept background); if a move did not (the demo skipped the redraw), ``fig.canvas.draw()`` is called inside the timed
  region, so every figure counted is a full render. The ``forced`` column
  says how often that was needed: a demo may skip the redraw on purpose when
  a control changes nothing on screen (lesson 03's trainer, when only η
  moves), so those moves are timed with a full draw the learner never waits
  for — an upper bound.
* **in place + PNG** — the same, plus encoding the canvas as a full-frame
  PNG, which is roughly what ipympl sends to the browser after a draw (it
  sends a diff image, usually smaller, so this is an upper bound).
* **naive** — what ``interact`` with the inline backend does: for each
  move, a brand-new demo of the same builder (its own redraws switched off)
  is set to the same values and its figure rendered to a PNG with
  ``fig.savefig(BytesIO, format="png")``, then closed. This includes making
  the demo's widgets, which ``interact`` would not redo; the update's own
  computation runs twice (at the defaults, then at the values).

Targets: median in place under 16 ms for the lessons 01–03 builders, under
50 ms for lesson 05's; in place at least 3× faster than naive for all.
"""

import argparse
import contextlib
import importlib
import io
import pathlib
import pkgutil
import re
import sys
import time
import traceback

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import _common  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.backend_bases import FigureCanvasBase  # noqa: E402

import bplib.lessons  # noqa: E402

#: Median targets (seconds) per lesson number; lessons not listed have none.
MEDIAN_TARGET = {1: 0.016, 2: 0.016, 3: 0.016, 5: 0.050}
SPEEDUP_TARGET = 3.0


# -- finding the builders --------------------------------------------------------
def lesson_modules(only=None, extra=()):
    """``[(name, module or exception)]`` for every ``bplib.lessons.lNN`` (plus ``extra`` dotted names)."""
    names = sorted(m.name for m in pkgutil.iter_modules(bplib.lessons.__path__)
                   if re.fullmatch(r"l\d\d", m.name))
    if only:
        names = [n for n in names if n in only]
    found = []
    for name in [f"bplib.lessons.{n}" for n in names] + list(extra):
        try:
            found.append((name, importlib.import_module(name)))
        except Exception as exc:  # another engineer may be half-way through writing it
            found.append((name, exc))
    return found


def lesson_number(module_name):
    match = re.search(r"l(\d\d)$", module_name)
    return int(match.group(1)) if match else None


# -- positions to move to ----------------------------------------------------------
FRACTIONS = [0.5, 0.25, 0.75, 0.1, 0.9, 0.0, 1.0, 0.4, 0.6, 0.33, 0.67, 0.05, 0.95, 0.2, 0.8]


def options_of(widget):
    return [o[1] if isinstance(o, tuple) else o for o in widget.options]


def positions(widget, count, rng):
    """``count`` values for ``widget``: spread over its range in a fixed order, then seeded random ones.

    A log slider (``FloatLogSlider``) is spread over its exponents (its ``min`` and ``max`` are
    exponents of ``base``); a range slider gets (low, high) pairs.
    """
    if hasattr(widget, "options"):
        opts = options_of(widget)
        return [opts[k % len(opts)] for k in range(count)]
    if isinstance(widget.value, bool):
        return [bool(k % 2 == 0) for k in range(count)]
    lo, hi = widget.min, widget.max
    step = getattr(widget, "step", None)
    base = getattr(widget, "base", None)  # only log sliders have one
    fractions = FRACTIONS + list(rng.random(max(0, count - len(FRACTIONS))))

    def at(f):
        v = lo + (hi - lo) * f
        if isinstance(widget.value, int) or (isinstance(widget.value, tuple) and isinstance(lo, int)):
            return int(round(v))
        if step:
            v = float(min(max(lo + round((v - lo) / step) * step, lo), hi))
        return float(base ** v) if base is not None else v

    if isinstance(widget.value, tuple):  # a range slider: (low, high)
        return [tuple(sorted((at(f), at(fractions[(k + 3) % len(fractions)]))))
                for k, f in enumerate(fractions[:count])]
    return [at(f) for f in fractions[:count]]


def moves(demo, n, seed=0):
    """``n`` single-control moves ``(name, value)``, round-robin over the controls, each a real change."""
    rng = np.random.default_rng(seed)
    names = list(demo.controls)
    if not names:
        return []
    queues = {name: positions(demo.controls[name], 4 * n + 4, rng) for name in names}
    current = {name: demo.controls[name].value for name in names}
    found, k = [], 0
    while len(found) < n and k < 8 * n:
        name = names[k % len(names)]
        k += 1
        queue = queues[name]
        while queue and queue[0] == current[name]:
            queue.pop(0)
        if not queue:
            continue
        value = queue.pop(0)
        current[name] = value
        found.append((name, value))
    return found


# -- timing --------------------------------------------------------------------------
@contextlib.contextmanager
def no_idle_draws():
    """Make ``draw_idle`` do nothing (for the naive path, which renders once, to PNG)."""
    keep = FigureCanvasBase.draw_idle
    FigureCanvasBase.draw_idle = lambda self, *a, **k: None
    try:
        yield
    finally:
        FigureCanvasBase.draw_idle = keep


def png_of_canvas(fig):
    """The canvas as a full-frame PNG (about what ipympl sends after a draw)."""
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).save(buf, format="png")
    return buf


def time_in_place(demo, sequence, with_png=False, warmup=2, naive=None):
    """Seconds from each value change to the figure drawn; also how many draws had to be forced.

    ``naive``, if given, is ``(builder, {move index: values})``: right after each of those moves the
    same state is also rendered the naive way, so that both are timed under the same load.
    """
    draws = [0]
    cid = demo.fig.canvas.mpl_connect("draw_event", lambda event: draws.__setitem__(0, draws[0] + 1)) \
        if demo.fig is not None else None
    if demo.fig is not None:   # a blitted move (Demo.animate) draws its changing artists and no draw_event
        blit = type(demo.fig.canvas).blit
        demo.fig.canvas.blit = lambda *a, **k: (draws.__setitem__(0, draws[0] + 1), blit(demo.fig.canvas, *a, **k))
    times, cpu, forced, problems = [], [], 0, []
    naive_times, naive_cpu = [], []
    for k, (name, value) in enumerate(sequence):
        before = draws[0]
        start, start_cpu = time.perf_counter(), time.thread_time()
        demo.controls[name].value = value
        if demo.fig is not None and draws[0] == before:
            demo.fig.canvas.draw()
            forced += 1 if k >= warmup else 0
        if with_png and demo.fig is not None:
            png_of_canvas(demo.fig)
        took, took_cpu = time.perf_counter() - start, time.thread_time() - start_cpu
        if demo.last_problem is not None:
            problems.append(f"{name}={value!r}: {demo.last_problem!r}")
            demo.last_problem = None
        if k >= warmup:
            times.append(took)
            cpu.append(took_cpu)
        if naive is not None and k in naive[1]:
            wall_s, cpu_s = time_naive(naive[0], [naive[1][k]])
            naive_times += wall_s
            naive_cpu += cpu_s
    if cid is not None:
        demo.fig.canvas.mpl_disconnect(cid)
        del demo.fig.canvas.blit
    if naive is not None:
        return times, cpu, forced, problems, naive_times, naive_cpu
    return times, cpu, forced, problems


def time_naive(builder, states):
    """Seconds per move the naive way: a new demo at those values, rendered to PNG, closed."""
    times, cpu = [], []
    for values in states:
        start, start_cpu = time.perf_counter(), time.thread_time()
        with no_idle_draws():
            demo = builder()
            demo.set(**values)
        if demo.fig is not None:
            demo.fig.savefig(io.BytesIO(), format="png", dpi=demo.fig.dpi)
            plt.close(demo.fig)
        times.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    return times, cpu


def states_after(demo, sequence):
    """The full control values after each move (what a naive re-render must reproduce)."""
    current = demo.values()
    states = []
    for name, value in sequence:
        current = dict(current, **{name: value})
        states.append(current)
    return states


def measure(builder, n_changes, n_naive, warmup=2):
    demo = builder()
    sequence = moves(demo, n_changes + warmup)
    if not sequence:
        plt.close(demo.fig) if demo.fig is not None else None
        return None
    start_values = demo.values()
    states = states_after(demo, sequence)
    # The naive path on states spread over the same sequence (it is slow, so fewer of them),
    # each rendered right after the same move in place.
    picks = np.linspace(warmup, len(states) - 1, min(n_naive, len(states) - warmup)).round().astype(int)
    time_naive(builder, states[:1])  # warm-up
    times, cpu, forced, problems, naive, naive_cpu = time_in_place(
        demo, sequence, warmup=warmup, naive=(builder, {int(i): states[i] for i in picks}))
    demo.set(**start_values)
    with_png, _, _, _ = time_in_place(demo, sequence, with_png=True, warmup=warmup)
    if demo.fig is not None:
        plt.close(demo.fig)
    return {"controls": len(demo.controls), "changes": len(times), "median": _common.median(times),
            "p95": _common.percentile(times, 95), "cpu": _common.median(cpu), "png": _common.median(with_png),
            "naive": _common.median(naive), "naive_cpu": _common.median(naive_cpu), "naive_n": len(naive),
            "forced": forced, "problems": problems}


def profile(builder, label, n_changes, top=18):
    """cProfile of ``n_changes`` in-place moves of one builder: where its latency goes."""
    import cProfile
    import pstats

    demo = builder()
    sequence = moves(demo, n_changes)
    prof = cProfile.Profile()
    prof.enable()
    time_in_place(demo, sequence, warmup=0)
    prof.disable()
    if demo.fig is not None:
        plt.close(demo.fig)
    print(f"-- cProfile of {len(sequence)} in-place moves of {label} (sorted by cumulative time)")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(top)


def on_cpu(ok_wall, ok_cpu):
    """A remark when CPU time would give the other verdict (a sign of load from other processes)."""
    return "" if ok_wall == ok_cpu else f": {_common.verdict(ok_cpu)} on CPU time"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="first builder of each lesson, a few moves")
    parser.add_argument("--changes", type=int, default=None, help="timed moves per builder (default 40)")
    parser.add_argument("--naive", type=int, default=None, help="naive re-renders per builder (default 12)")
    parser.add_argument("--lessons", nargs="*", help="only these lesson modules, e.g. l01 l05")
    parser.add_argument("--module", action="append", default=[],
                        help="also benchmark this importable module's BUILDERS (dotted name)")
    parser.add_argument("--profile", metavar="LESSON.BUILDER",
                        help="instead of the table, profile one builder's moves, e.g. l08.relaxation_explorer")
    args = parser.parse_args(argv)
    if args.profile:
        short, _, name = args.profile.partition(".")
        module = importlib.import_module(f"bplib.lessons.{short}")
        profile(module.BUILDERS[name], args.profile, args.changes or 40)
        return []
    n_changes = args.changes or (4 if args.quick else 40)
    n_naive = args.naive or (2 if args.quick else 12)

    _common.header("Slider latency: value change → figure drawn (Agg, in-process)",
                   matplotlib=f"{matplotlib.__version__}, backend {matplotlib.get_backend()}",
                   moves=f"{n_changes} timed moves per builder (after 2 warm-up moves); "
                         f"{n_naive} naive re-renders per builder")

    rows, checks, notes = [], [], []
    for module_name, module in lesson_modules(args.lessons, args.module):
        short = module_name.rsplit(".", 1)[-1]
        if isinstance(module, Exception):
            notes.append(f"{short}: import failed — {type(module).__name__}: {module}")
            continue
        builders = getattr(module, "BUILDERS", None)
        if not isinstance(builders, dict) or not builders:
            notes.append(f"{short}: no BUILDERS dict")
            continue
        items = list(builders.items())[:1] if args.quick else list(builders.items())
        for name, builder in items:
            try:
                r = measure(builder, n_changes, n_naive)
            except Exception as exc:
                notes.append(f"{short}.{name}: failed — {type(exc).__name__}: {exc}")
                traceback.print_exc(limit=3, file=sys.stderr)
                plt.close("all")
                continue
            if r is None:
                notes.append(f"{short}.{name}: has no controls to move")
                continue
            speedup = r["naive"] / r["median"]
            rows.append((short, name, r["controls"], r["changes"], _common.ms(r["median"]),
                         _common.ms(r["p95"]), _common.ms(r["cpu"]), _common.ms(r["png"]),
                         _common.ms(r["naive"]), _common.ms(r["naive_cpu"]),
                         f"{speedup:.1f}×", f"{r['naive'] / r['png']:.1f}×", r["forced"]))
            target = MEDIAN_TARGET.get(lesson_number(short))
            if target is not None:
                checks.append((f"{short}.{name}: median under {target * 1e3:.0f} ms",
                               f"{_common.ms(r['median'])} ms (CPU time {_common.ms(r['cpu'])} ms"
                               f"{on_cpu(r['median'] < target, r['cpu'] < target)})",
                               r["median"] < target))
            cpu_speedup = r["naive_cpu"] / r["cpu"]
            checks.append((f"{short}.{name}: at least {SPEEDUP_TARGET:.0f}× faster than naive",
                           f"{speedup:.1f}× (CPU time {cpu_speedup:.1f}×"
                           f"{on_cpu(speedup >= SPEEDUP_TARGET, cpu_speedup >= SPEEDUP_TARGET)})",
                           speedup >= SPEEDUP_TARGET))
            notes += [f"{short}.{name}: problem during a move — {p}" for p in r["problems"][:3]]
    plt.close("all")

    if not rows:
        rows.append(("—", "(no lesson builders found yet)") + ("",) * 11)
    if rows:
        _common.table(["lesson", "builder", "controls", "moves", "median ms", "p95 ms", "CPU ms",
                       "+PNG ms", "naive ms", "naive CPU ms", "naive ÷ in place", "naive ÷ (+PNG)",
                       "forced draws"], rows, align=["<", "<"] + [">"] * 11)
        print("median, p95, +PNG and naive are wall-clock medians; the CPU columns are this thread's CPU\n"
              "time (time.thread_time), which other processes on a busy machine do not inflate.\n"
              "Targets are judged on wall-clock time.\n")
    for note in notes:
        print(f"note: {note}")
    if notes:
        print()
    if checks:
        _common.targets(checks)
    return rows


if __name__ == "__main__":
    main()
