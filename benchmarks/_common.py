"""What every benchmark script shares: the machine's description, tables, statistics.

Each script prints a header saying where and when it ran (CPU, cores, load,
Python and numpy versions), then its figures as a plain-text table, then
PASS / MISS for each target. Nothing here imports matplotlib or bplib.
"""

import datetime
import os
import platform
import statistics
import sys
import time


def single_thread():
    """Ask BLAS and OpenMP for one thread; must run before numpy is imported."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
        os.environ[var] = "1"


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average():
    """The 1-, 5- and 15-minute load averages, as text ('n/a' where unknown)."""
    try:
        with open("/proc/loadavg", encoding="utf-8") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "n/a"


def machine():
    """A dict describing the machine and the software, for the header and the README."""
    import numpy

    return {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "cpu": cpu_model(),
        "nproc": os.cpu_count(),
        "load": load_average(),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "simd": simd_features(),
    }


def simd_features():
    """The widest SIMD instruction sets numpy's kernels use on this CPU (AVX-512 makes exp and tanh fast)."""
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:  # numpy < 2
        from numpy.core._multiarray_umath import __cpu_features__ as features
    wanted = ("AVX512F", "AVX512_SKX", "AVX2", "FMA3", "SSE42", "ASIMD")
    found = [name for name in wanted if features.get(name)]
    return " ".join(found) if found else "none of " + " ".join(wanted)


def header(title, **extra):
    """Print the benchmark's title and the machine it runs on."""
    m = machine()
    print(f"== {title}")
    print(f"   {m['date']} · CPU {m['cpu']} · nproc {m['nproc']} · load {m['load']} "
          f"· Python {m['python']} · numpy {m['numpy']} · SIMD {m['simd']}")
    for key, value in extra.items():
        print(f"   {key}: {value}")
    print()


def table(headers, rows, align=None):
    """Print ``rows`` (lists of strings or numbers) under ``headers``, columns padded."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[k]) for row in cells) for k in range(len(headers))]
    align = align or ["<"] + [">"] * (len(headers) - 1)

    def line(row):
        return "  ".join(f"{c:{a}{w}}" for c, a, w in zip(row, align, widths)).rstrip()

    print(line(cells[0]))
    print("  ".join("-" * w for w in widths))
    for row in cells[1:]:
        print(line(row))
    print()


def verdict(ok):
    return "PASS" if ok else "MISS"


def targets(results):
    """Print ``(description, measured, ok)`` triples as PASS / MISS lines; return True if all pass."""
    print("Targets:")
    for description, measured, ok in results:
        print(f"  {verdict(ok)}  {description}: {measured}")
    print()
    return all(ok for _, _, ok in results)


def percentile(values, q):
    """The ``q``-th percentile (0–100) of ``values``, interpolating between ranks."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    pos = (len(xs) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def best_of(fn, runs, timer=time.process_time):
    """``(seconds, result)``: the fastest of ``runs`` calls of ``fn`` by ``timer`` (this process's CPU
    time: other processes on a busy machine do not inflate it), and what the last call returned."""
    best, result = float("inf"), None
    for _ in range(runs):
        start = timer()
        result = fn()
        best = min(best, timer() - start)
    return best, result


def loglog_slope(xs, ys):
    """The least-squares slope of ``log y`` against ``log x``: 1 when y grows like x, 2 like x²."""
    import numpy

    return float(numpy.polyfit(numpy.log(xs), numpy.log(ys), 1)[0])


def median(values):
    return statistics.median(values) if values else float("nan")


def ms(seconds, digits=1):
    return f"{seconds * 1e3:.{digits}f}"


def us(seconds, digits=1):
    return f"{seconds * 1e6:.{digits}f}"


def python():
    """The interpreter running this script (the venv's), for subprocesses."""
    return sys.executable
