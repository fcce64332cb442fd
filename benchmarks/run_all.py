#!/usr/bin/env python3
"""Run every benchmark, one after another, each in its own process.

    python benchmarks/run_all.py            # the full set (several minutes)
    python benchmarks/run_all.py --quick    # each in its quick mode (about two minutes; most of it
                                            # browser_latency.py starting JupyterLab and Chromium)

Extra arguments after ``--`` are not passed on; run a script by itself for
its own options (``--plot``, ``--lessons``, ...). Exits non-zero if a script
fails (a MISS is reported, not a failure).
"""

import pathlib
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
SCRIPTS = ["import_time.py", "training_speed.py", "backprop_vs_perturbation.py", "slider_latency.py",
           "notebook_times.py", "browser_latency.py"]


def main(argv):
    quick = ["--quick"] if "--quick" in argv else []
    failed = []
    for name in SCRIPTS:
        start = time.perf_counter()
        result = subprocess.run([sys.executable, str(HERE / name), *quick])
        print(f"[{name} finished in {time.perf_counter() - start:.1f} s, exit code {result.returncode}]\n",
              flush=True)
        if result.returncode:
            failed.append(name)
    if failed:
        print("FAILED: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
