#!/usr/bin/env python3
"""The playground's speed while it plays (lesson 06, issue 14): epochs per second of wall time, every
picture included.

    python benchmarks/playground_speed.py            # 60 frames per setting (about half a minute)
    python benchmarks/playground_speed.py --quick    # 8 frames per setting, for a smoke test

The issue's case: the spiral (200 points), two hidden layers of 8 tanh neurons, η = 0.3, B = 10; with
half the points trained on (the playground's default, 100 training points) and with 90 % (180). Each
frame does what :meth:`bplib.lessons.playground.Playground.play` does in the kernel: train
``EPOCHS_PER_FRAME`` epochs, update every artist (the neurons' heat maps, the connections, the output
over the plane, the points, both error curves, the texts and the inspector), then draw, plus what ipympl
does with a drawn frame: the figure is put on matplotlib's WebAgg canvas (ipympl's base) and each frame
is rendered and encoded as the PNG that ipympl sends (``canvas.draw()`` then ``get_diff_image()``).
The loop's ``asyncio.sleep`` between frames (``FRAME_PAUSE``) is counted too. Not counted: the trip
to the browser and its drawing (see ``benchmarks/browser_latency.py --lessons 06``).

Target (issue 14): at least 10 epochs per second of wall time with every picture, on the issue's case.
One frame per epoch is shown too, for information: how fast the pictures alone can go.
"""

import argparse
import asyncio
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import _common  # noqa: E402

_common.single_thread()  # before numpy is imported

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from matplotlib.backends.backend_webagg_core import FigureCanvasWebAggCore, FigureManagerWebAgg  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from bplib.lessons import playground as pg  # noqa: E402

TARGET = 10.0   # epochs per second


def measure(fraction, epochs_per_frame, frames):
    """Seconds per frame, split into training, updating the artists, drawing + PNG, and the pause."""
    demo = pg.Playground(data="spiral", neurons=(8, 8), lr=0.3, batch_size=10, train_fraction=fraction)
    canvas = FigureCanvasWebAggCore(demo.fig)   # ipympl's canvas is one of these
    FigureManagerWebAgg(canvas, 1)          # (with no browser attached it sends nothing)
    canvas.draw()
    canvas.get_diff_image()
    parts = {"train": 0.0, "update": 0.0, "draw + PNG": 0.0, "pause": 0.0}

    async def play():
        for _ in range(frames):
            t0 = time.perf_counter()
            demo.train(epochs_per_frame)
            t1 = time.perf_counter()
            demo.update()
            t2 = time.perf_counter()
            canvas.draw()
            canvas.get_diff_image()
            t3 = time.perf_counter()
            await asyncio.sleep(pg.FRAME_PAUSE)
            t4 = time.perf_counter()
            for key, dt in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                parts[key] += dt

    start = time.perf_counter()
    asyncio.run(play())
    wall = time.perf_counter() - start
    assert demo.epoch == frames * epochs_per_frame and not demo.diverged and demo.last_problem is None
    return wall, parts, len(demo.x)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="8 frames per setting")
    parser.add_argument("--frames", type=int, help="frames per setting (default 60; 8 with --quick)")
    args = parser.parse_args(argv)
    frames = args.frames or (8 if args.quick else 60)
    _common.header("The playground while it plays: epochs per second, every picture included",
                   case="spiral, 200 points, hidden layers 8 + 8 (tanh), η = 0.3, B = 10",
                   frames=f"{frames} per row; figure {pg.GRID}×{pg.GRID}-pixel pictures")
    rows, results = [], []
    for fraction in (0.5, 0.9):
        for per_frame in (pg.EPOCHS_PER_FRAME, 1):
            wall, parts, n_train = measure(fraction, per_frame, frames)
            rate = frames * per_frame / wall
            rows.append([n_train, per_frame, f"{rate:.1f}", _common.ms(wall / frames)] +
                        [_common.ms(parts[k] / frames) for k in parts])
            if per_frame == pg.EPOCHS_PER_FRAME:
                results.append((f"{n_train} training points, {per_frame} epochs a frame: at least "
                                f"{TARGET:g} epochs per second", f"{rate:.1f} epochs/s", rate >= TARGET))
    _common.table(["training points", "epochs a frame", "epochs/s", "ms a frame", "train ms", "update ms",
                   "draw + PNG ms", "pause ms"], rows)
    _common.targets(results)


if __name__ == "__main__":
    main()
