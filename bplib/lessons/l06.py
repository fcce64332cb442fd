"""Lesson 06, training in practice (``06_training_in_practice.ipynb``): widgets and exercises.

What decides whether training works, one demo each, all on the two half-moons
of :func:`bplib.two_class`:

* :func:`batch_sizes` — update after every example, after mini-batches of ``B``,
  or once per epoch from the whole set (each is a matrix product over its
  ``B`` samples): error against epochs and against seconds;
* :func:`starting_weights` — random starting weights against all-equal ones:
  equal hidden neurons get equal updates and stay copies of each other;
* :func:`learning_rate` — a log slider for ``η``, from too small to divergent;
* :func:`noise_and_held_out` — noisy points and flipped labels: the error on
  the training data against the error on validation data, and the boundary;
* :func:`training_time` — error against epochs and against seconds, with a
  progress bar, run after run;
* :func:`bplib.lessons.playground.playground` — the playground: five data sets, the
  network's shape, activation, ``η``, batch size and L2 regularisation ``λ`` (weight
  decay), Play / Step / Reset, every neuron's picture and one neuron's numbers.

The hidden neurons use tanh and the output neuron sigmoid (lesson 03): such
networks learn these data faster than all-sigmoid ones.

Training runs are shown while they go on with :mod:`bplib.lessons.runs` (lesson 07 and the playground too).
"""

import functools

import ipywidgets as widgets
import numpy as np

from . import playground, plots, quiz
from ..data import two_class
from ..feedback import check
from ..fmt import fmt
from ..network import Network
from ..training import accuracy, train_test_split, updates_per_epoch
from ._demo import Demo
from .plots import warn
from .runs import EpochByEpoch, LiveDemo, fit, lr_slider, set_limits, slider, with_frame

__all__ = ["BUILDERS", "CAN_DO", "QUESTIONS", "recap", "BatchSizes", "LearningRate", "NoiseAndHeldOut",
           "StartingWeights", "TrainingTime", "batch_sizes", "check_distinct_hidden_neurons", "check_total_updates",
           "check_updates_per_epoch", "learning_rate", "lr_options", "noise_and_held_out",
           "starting_weights", "training_time"]

HIDDEN = "tanh"      # the hidden neurons' activation in this lesson
OUTPUT = "sigmoid"   # the output neuron's
EXTENT = (-1.7, 2.7, -1.3, 1.8)   # the part of the plane shown: x₁ from −1.7 to 2.7, x₂ from −1.3 to 1.8
GRID = 48                          # the boundary image has GRID × GRID pixels

WIDTH = 10.2   # inches: the notebook's width at 80 dpi


def lr_options(lo=-2.0, hi=3.0, per_decade=4):
    """Learning rates spaced evenly on a log scale, as ``(label, value)`` pairs for a slider.

    ``lr_options(-1, 0, 2)`` gives ``η = 0.1, 0.316, 1``; each value is
    rounded to three digits, so the label (written as the text writes η) shows the value exactly.
    """
    exponents = np.linspace(lo, hi, int(round((hi - lo) * per_decade)) + 1)
    values = [float(f"{10.0 ** e:.3g}") for e in exponents]
    return [(fmt(v, 3), v) for v in values]


def _lr_slider(value, lo=-2.0, hi=3.0, per_decade=4):
    return lr_slider([v for _, v in lr_options(lo, hi, per_decade)], value)


def _rounded(v, digits=4):
    """``v`` rounded to ``digits`` significant digits, for a table cell written with more digits.

    (``plots.html_table`` writes every number with one ``digits``: counts up to a million need 6,
    errors need 4; rounding first lets one table show both, each in :func:`bplib.fmt.fmt`'s form.)
    """
    return float(f"{float(v):.{digits}g}")


def _network(hidden, seed=0):
    return Network([2, hidden, 1], activation=HIDDEN, output_activation=OUTPUT, seed=seed)


def _Plane(ax, title="the network's output y"):
    """This lesson's part of the plane (``EXTENT``, ``GRID``): the points and a network's output over it,
    drawn by the playground's :class:`~bplib.lessons.playground.Plane`."""
    return playground.Plane(ax, title, EXTENT, GRID, ([-1, 0, 1, 2], [-1, 0, 1]))


class _Runs(LiveDemo):
    """Runs of training, one colour each, drawn two ways: the error against epochs and against seconds."""

    def _figure(self, colours, labels, titles):
        self.fig, (self.ax_epoch, self.ax_time) = plots.new_figure(WIDTH, 3.4, ncols=2, layout="constrained")
        self.lines_epoch = plots.error_curves(self.ax_epoch, titles[0], labels, colours)
        self.lines_time = plots.error_curves(self.ax_time, titles[1], [""] * len(colours), colours,
                                             "seconds (vary from run to run)")

    def _show(self):
        """Every run whose epochs are all timed, and the axes from 0 to a little beyond the data drawn."""
        for k, (line_e, line_t) in enumerate(zip(self.lines_epoch, self.lines_time)):
            errors, seconds = (self.runs[k]["errors"], self.runs[k]["seconds"]) if k < len(self.runs) else ([], [])
            if len(errors) != len(seconds):   # (a run still training shows only once it has both)
                errors, seconds = [], []
            line_e.set_data(np.arange(len(errors)), errors)
            line_t.set_data(seconds, errors)
        for ax in (self.ax_epoch, self.ax_time):
            ax.relim()
            if np.isfinite(ax.dataLim.x1):   # something is drawn
                ax.set_xlim(0, ax.dataLim.x1 * 1.02 or 1)
                ax.set_ylim(0, ax.dataLim.y1 * 1.08 + 1e-6)
            else:                            # nothing yet (or cleared): empty axes from 0, not around it
                ax.set(xlim=(0, 1), ylim=(0, 1))

    def _state(self):
        """What the figure shows: each run's length, last error and last time."""
        return tuple((len(r["errors"]), r["errors"][-1] if r["errors"] else None,
                      r["seconds"][-1] if r["seconds"] else None) for r in self.runs)


# -- 1. every example, mini-batches, or the whole set ------------------------------------------
BATCH_DATA = {"n": 100, "noise": 0.15, "seed": 0}
BATCH_HIDDEN = 8


class BatchSizes(_Runs):
    """Update after every example (``B = 1``), after mini-batches of ``B``, or after the whole set, from the same
    starting weights: error per epoch and per second."""

    COLOURS = (plots.VERMILION, plots.BLUE, plots.GREEN)

    def __init__(self, batch_size=10, lr=0.3, epochs=20, train=True):
        super().__init__()
        self.add_control("batch_size", slider("B", batch_size, 2, 50))
        self.add_control("lr", _lr_slider(lr, -2.0, 2.0))
        self.add_control("epochs", slider("epochs", epochs, 10, 200, 10))
        self.add_button("train", "Train all three", self.train, button_style="primary")
        self.x, self.t = two_class(**BATCH_DATA)
        self._figure(self.COLOURS, ("B = 1", f"B = {batch_size}", "whole set"),
                     ("error E after each epoch", "error E against time"))
        self.legend = self.ax_epoch.legend(loc="best")
        self.add_text("table", min_height="7em")
        self.add_text("note", min_height="3em")
        self.runs, self.run_settings = [], None
        if train:
            self.train()
        self.update()

    def _settings(self):
        v = self.values()
        return v["batch_size"], v["lr"], v["epochs"]

    def train(self):
        """Train three networks from the same starting weights, one per way of updating."""
        B, lr, epochs = self._settings()
        self.live.start(3 * epochs)
        self.runs = []
        for k, size in enumerate((1, B, None)):
            net = _network(BATCH_HIDDEN, seed=0)
            errors, _, seconds, diverged = fit(
                net, self.x, self.t, lr, epochs, batch_size=size, seed=0,
                each=lambda epoch, h, w, k=k: self.live.step(k * epochs + epoch))
            self.runs.append({"batch_size": size, "errors": errors, "seconds": seconds, "diverged": diverged,
                              "accuracy": accuracy(net.forward(self.x), self.t)})
        self.live.finish()
        self.run_settings = (B, lr, epochs)

    def update(self):
        n = len(self.x)
        self._show()
        rows = []
        for colour, run in zip(self.COLOURS, self.runs):
            size = run["batch_size"]
            label = {1: "every example (B = 1)", None: f"whole set (B = {n})"}.get(size, f"mini-batches (B = {size})")
            per_epoch = updates_per_epoch(n, size)
            ending = (warn(f"diverged in epoch {run['diverged']}") if run["diverged"]
                      else _rounded(run["errors"][-1]))
            rows.append([plots.swatch(colour, label), per_epoch, per_epoch * (len(run["errors"]) - 1), ending,
                         round(100 * run["accuracy"]), _rounded(run["seconds"][-1], 3)])
        self.texts["table"].value = (
            plots.html_table(["update after", "updates per epoch", "updates in all", "final E", "% right",
                              "seconds"], rows, digits=6)
            if rows else "Press <b>Train all three</b>.")
        B, lr, epochs = self._settings()
        shown_B = self.run_settings[0] if self.run_settings else B
        for entry, text in zip(self.legend.get_texts(), ("B = 1", f"B = {shown_B}", f"whole set (B = {n})")):
            entry.set_text(text)   # the legend's own texts, changed in place
        if self.run_settings is not None and self.run_settings != (B, lr, epochs):
            self.texts["note"].value = warn(
                f"Settings changed (B = {B}, η = {fmt(lr, 3)}, {epochs} epochs): press <b>Train all three</b> "
                f"to see them.")
        else:
            self.texts["note"].value = (
                f"{n} samples: B = 1 makes {n} updates per epoch, B = {B} makes {updates_per_epoch(n, B)}, "
                f"the whole set 1. The seconds differ from run to run and from computer to computer.")
        self.redraw_if_changed(self.run_settings, self._state())


batch_sizes = BatchSizes   # the builders the notebook calls are the demos' classes


# -- 2. random or equal starting weights ---------------------------------------------------------
SYMMETRY_DATA = {"n": 100, "noise": 0.1, "seed": 1}
SYMMETRY_HIDDEN = 4
SYMMETRY_EPOCHS = 200
SYMMETRY_LR = 0.5
SYMMETRY_BATCH = 10
EQUAL_WEIGHT = 0.5   # every weight starts at this value in the "all equal" run


def equal_network(hidden=SYMMETRY_HIDDEN, value=EQUAL_WEIGHT):
    """A ``[2, hidden, 1]`` network whose weights all start at ``value`` (biases at 0)."""
    net = _network(hidden)
    net.weights = [np.full_like(w, value) for w in net.weights]
    return net


@functools.lru_cache(maxsize=None)
def symmetry_run(start, epochs=SYMMETRY_EPOCHS):
    """Train from ``start`` (``"random"`` or ``"all equal"``), keeping the parameters after every epoch.

    Returns ``(params, errors)``: ``params[k]`` is ``(weights, biases)`` after
    ``k`` epochs, as :meth:`~bplib.Network.get_params` gives them. The run is
    seeded, so it is worked out once per kernel and kept (the demo and the
    exercise share it); do not change what it returns.
    """
    if start not in ("random", "all equal"):
        raise ValueError(f"start must be 'random' or 'all equal', got {start!r}.")
    x, t = two_class(**SYMMETRY_DATA)
    net = _network(SYMMETRY_HIDDEN, seed=2) if start == "random" else equal_network()
    params = [net.get_params()]
    history = net.fit(x, t, SYMMETRY_LR, epochs, batch_size=SYMMETRY_BATCH, seed=0,
                      callback=lambda epoch, history: params.append(net.get_params()))
    return params, history.errors


class StartingWeights(Demo):
    """Random against all-equal starting weights: do the hidden neurons learn different features? Their weights
    over the epochs, and the boundary."""

    COLOURS = [colour for colour, _ in plots.NEURONS[:SYMMETRY_HIDDEN]]   # one per hidden neuron, in the key

    def __init__(self, start="random", epoch=SYMMETRY_EPOCHS):
        super().__init__()
        self.add_control("start", widgets.ToggleButtons(options=["random", "all equal"], value=start,
                                                        description="start"))
        self.add_control("epoch", widgets.IntSlider(value=epoch, min=0, max=SYMMETRY_EPOCHS, description="epoch",
                                                    continuous_update=True))
        self.x, self.t = two_class(**SYMMETRY_DATA)
        self.net = _network(SYMMETRY_HIDDEN)   # set to the chosen run and epoch before drawing
        self.fig, (self.ax_w, self.ax_plane) = plots.new_figure(WIDTH, 3.6, ncols=2, layout="constrained",
                                                                gridspec_kw={"width_ratios": [1.5, 1]})
        self.lines = [(self.ax_w.plot([], [], color=c, lw=1.5)[0], self.ax_w.plot([], [], color=c, lw=1.5, ls="--")[0])
                      for c in self.COLOURS]
        self.now = self.ax_w.axvline(0, color=plots.GREY, lw=1)
        self.ax_w.set(title="layer 1: each hidden neuron's weights w₁ and w₂", xlabel="epoch",
                      xlim=(0, SYMMETRY_EPOCHS))
        self.plane = _Plane(self.ax_plane)
        self.plane.show_points(self.x, self.t)
        self.add_text("table", min_height="11em")
        self.shown_start = None   # the run whose weights the lines show
        self.animate(*with_frame(self.ax_w, self.now), *self.plane.moving())   # an epoch moves these only
        self.update()

    def update(self):
        v = self.values()
        params, errors = symmetry_run(v["start"])   # the other start is trained when first chosen
        k = v["epoch"]
        if v["start"] != self.shown_start:   # the lines of the other run (set_data would redraw them all)
            W = np.array([p[0][0] for p in params])      # layer 1's weights after each epoch
            epochs = np.arange(len(W))
            for j, (solid, dashed) in enumerate(self.lines):
                solid.set_data(epochs, W[:, j, 0])
                dashed.set_data(epochs, W[:, j, 1])
            lo, hi = float(W.min()), float(W.max())
            pad = 0.1 * (hi - lo) + 0.1
            set_limits(self.ax_w, y=(lo - pad, hi + pad))
            self.shown_start = v["start"]
        self.now.set_xdata([k, k])
        self.net.set_params(params[k])
        self.plane.show_net(self.net)
        self.texts["table"].value = self._table(params[k][0][0], params[k][1][0], errors[k], k)
        self.redraw()

    def _table(self, W, b, E, k):
        rows = [[plots.swatch(c, f"neuron {j + 1}"), float(W[j, 0]), float(W[j, 1]), float(b[j])]
                for j, c in enumerate(self.COLOURS)]
        if distinct_hidden_neurons(W, b) == 1:
            verdict = ("<b>All hidden neurons have exactly the same weights</b>: they get the same δ and the same "
                       "updates, so they stay copies — four neurons that compute one feature.")
        else:
            spread = max(float(np.max(np.ptp(W, axis=0))), float(np.ptp(b)))
            verdict = (f"The hidden neurons differ (their weights are up to {fmt(spread, 3)} apart): each "
                       f"learns its own feature.")
        return (f"After {k} epochs, error E = {fmt(E)}."
                + plots.html_table(["line colour", "w₁ (solid line)", "w₂ (dashed line)", "b"], rows) + verdict)


starting_weights = StartingWeights


def distinct_hidden_neurons(W, b):
    """How many different hidden neurons there are: distinct rows of ``(W | b)``, exactly equal rows counted once."""
    return len(np.unique(np.column_stack([W, b]), axis=0))


# -- 3. the learning rate ------------------------------------------------------------------------
LR_DATA = {"n": 100, "noise": 0.15, "seed": 0}
LR_HIDDEN = 6
LR_EPOCHS = 100
LR_OUTPUT = "identity"   # a linear output neuron: a too-large step makes the error explode (lesson 02)
LR_RANGE = (-3.0, 1.0)   # η from 0.001 to 10


@functools.lru_cache(maxsize=None)
def lr_run(lr, epochs=LR_EPOCHS):
    """Full-batch training at learning rate ``lr``: ``(errors, diverged)``; never raises on divergence.

    Seeded, so worked out once per kernel and kept; do not change what it returns."""
    x, t = two_class(**LR_DATA)
    net = Network([2, LR_HIDDEN, 1], activation=HIDDEN, output_activation=LR_OUTPUT, seed=0)
    errors, _, _, diverged = fit(net, x, t, lr, epochs)
    return errors, diverged


def lr_verdict(errors, diverged, lr, best_error, best_lr):
    """The learning rate's effect in words: diverged, got worse, zig-zag, slow or fine.

    ``best_error`` is the lowest final error any η on the slider reaches, at ``best_lr``.
    """
    E0, E = errors[0], errors[-1]
    if diverged:
        return warn(f"<b>Diverged</b> in epoch {diverged}: the error grew more than a million-fold, so "
                    f"training stopped. η = {fmt(lr, 3)} is too large — try a smaller η.")
    if E > E0:
        return warn(f"<b>Got worse</b>: the error ended at {fmt(E)}, above where it started ({fmt(E0)}): "
                    f"the steps overshoot. Try a smaller η.")
    ups = int(np.sum(np.diff(errors) > 0))
    if ups > 0.1 * (len(errors) - 1):
        return (f"<b>Zig-zag</b>: the error went up in {ups} of {len(errors) - 1} epochs — η is near the edge. "
                f"It ended at {fmt(E)}.")
    if E > 2 * best_error and lr < best_lr:
        return (f"<b>Slow</b>: after {len(errors) - 1} epochs E = {fmt(E)}, while η = {fmt(best_lr, 3)} gets down "
                f"to {fmt(best_error)}. Each step is small; try a larger η.")
    return (f"<b>Learning</b>: the error fell from {fmt(E0)} to {fmt(E)} in {len(errors) - 1} epochs "
            f"(the best η on the slider, {fmt(best_lr, 3)}, reaches {fmt(best_error)}).")


class LearningRate(Demo):
    """Slide ``η`` on a log scale from 0.001 to 10 and see training crawl, learn, zig-zag or diverge: the error
    during 100 epochs, and the final error for every η."""

    def __init__(self, lr=0.1):
        super().__init__()
        self.add_control("lr", _lr_slider(lr, *LR_RANGE, per_decade=6))
        self.controls["lr"].continuous_update = True
        # Every position of the slider, trained once (about 0.3 s): moving the slider is then instant.
        self.rates = [v for _, v in self.controls["lr"].options]
        self.runs = {lr_: lr_run(lr_) for lr_ in self.rates}
        finals = {lr_: e[-1] for lr_, (e, d) in self.runs.items() if not d}
        self.best_lr = min(finals, key=finals.get)
        self.top = 2 * max(finals.values())   # where a diverged run's ✗ is drawn
        self.fig, (self.ax_err, self.ax_all) = plots.new_figure(WIDTH, 3.4, ncols=2, layout="constrained")
        (self.curve,) = plots.error_curves(self.ax_err, f"error E during {LR_EPOCHS} epochs", [""], [plots.ERROR])
        (self.end,) = self.ax_err.plot([], [], "x", color=plots.VERMILION, ms=10, mew=2)
        self.ax_err.set_xlim(0, LR_EPOCHS)
        self.ax_all.plot(list(finals), list(finals.values()), "o-", color=plots.GREY, ms=4, lw=1)
        bad = [lr_ for lr_ in self.rates if lr_ not in finals]
        self.ax_all.plot(bad, [self.top] * len(bad), "x", color=plots.VERMILION, ms=7, mew=2)
        (self.here,) = self.ax_all.plot([], [], "o", color=plots.ERROR, ms=11, mfc="none", mew=2)
        plots.log_scale(self.ax_all, "xy")
        self.ax_all.set(title="final E for every η (✗: diverged; ring: this η)", xlabel="η (log scale)",
                        ylabel="E (log scale)")
        self.add_text("verdict", min_height="4.5em")
        self.animate(*with_frame(self.ax_err, self.curve, self.end), *with_frame(self.ax_all, self.here))
        self.update()

    def update(self):
        lr = self.controls["lr"].value
        errors, diverged = self.runs[lr]
        epochs = np.arange(len(errors))
        self.curve.set_data(epochs, errors)
        self.end.set_data(([epochs[-1]], [errors[-1]]) if diverged else ([], []))
        set_limits(self.ax_err, y=(0, 1.08 * max(errors)))   # most rates start at the same error
        self.here.set_data([lr], [self.top if diverged else errors[-1]])
        best = self.runs[self.best_lr][0][-1]
        self.texts["verdict"].value = f"η = {fmt(lr, 3)}: " + lr_verdict(errors, diverged, lr, best, self.best_lr)
        self.redraw()


learning_rate = LearningRate


# -- 4. noise in the data, and a validation set ---------------------------------------------------
NOISE_N = 40           # points in all; half are kept back for validation
NOISE_LR = 0.5
NOISE_BATCH = None     # full batch: smooth curves


class NoiseAndHeldOut(EpochByEpoch, LiveDemo):
    """Noisy points and flipped labels: watch the training error fall while the validation error rises,
    and the boundary."""

    def __init__(self, noise=0.1, label_noise=0.1, hidden=40, epochs=500, train=True):
        super().__init__()
        self.add_control("noise", slider("noise", noise, 0.0, 0.6, 0.05))
        self.add_control("label_noise", slider("flipped labels", label_noise, 0.0, 0.3, 0.05))
        self.add_control("hidden", slider("hidden neurons", hidden, 1, 40))
        self.add_control("epochs", slider("epochs per press", epochs, 100, 3000, 100))
        self.add_button("train", "Train", self.train, button_style="primary")
        self.add_button("reset", "Reset", self.reset)
        self.fig, (self.ax_plane, self.ax_err) = plots.new_figure(WIDTH, 3.6, ncols=2, layout="constrained")
        self.plane = _Plane(self.ax_plane, "the network's output y and the data")
        self.plane.legend()
        self.curves = plots.error_curves(self.ax_err, "error E", ("training data", "validation data"))
        (self.best,) = self.ax_err.plot([], [], "o", color=plots.VALIDATION, mec=plots.BLACK, ms=7,
                                        label="lowest validation E")
        self.ax_err.legend(loc="upper right")
        self.add_text("summary", min_height="4.5em")
        # a move redraws the picture, the points and the curves; a new scale of the error draws it all
        self.animate(*self.plane.moving(), *with_frame(self.ax_err, *self.curves, self.best))
        self.reset()
        if train:
            self.train()
        self.update()

    def _problem(self):
        v = self.values()
        return v["noise"], v["label_noise"], v["hidden"]

    def reset(self):
        """New data for the noise now chosen, half kept back for validation, and a new untrained network."""
        noise, label_noise, hidden = self.problem = self._problem()
        x, t = two_class(NOISE_N, noise=noise, label_noise=label_noise, seed=0)
        self.x, self.t, self.x_val, self.t_val = train_test_split(x, t, test_fraction=0.5, seed=0)
        self._begin(_network(hidden, seed=0))

    def train(self):
        """More epochs (the "epochs per press" slider), continuing from where the network is."""
        if self.problem != self._problem():
            self.reset()
        epochs, done = self.controls["epochs"].value, self.epoch
        self.live.start(epochs)
        self.fit_epochs(epochs, NOISE_LR, NOISE_BATCH, each=lambda epoch: self.live.step(epoch - done, self._show))
        self.live.finish()

    def _show(self):
        plots.show_curves(self.curves, self.errors, self.val_errors)
        k = int(np.argmin(self.val_errors))
        self.best.set_data([k], [self.val_errors[k]])
        # limits rounded up (as the playground's): they stay put while most moves change the data a little
        set_limits(self.ax_err, (0, plots.nice_up(max(10, self.epoch))),
                   (0, plots.nice_up(max(max(self.errors), max(self.val_errors), 1e-3))))
        self.plane.show_net(self.net)

    def update(self):
        if self.problem != self._problem():
            self.reset()
        self.plane.show_points(self.x, self.t, self.x_val, self.t_val)
        self._show()
        self.texts["summary"].value = self._summary()
        self.redraw_if_changed(self.problem, self.epoch, self.errors[-1], self.val_errors[-1])

    def _summary(self):
        n, val = self.epoch, self.val_errors
        k = int(np.argmin(val))
        text = (f"<b>After {n} epochs</b>: training data E = {fmt(self.errors[-1], 3)} "
                f"({100 * accuracy(self.net.forward(self.x), self.t):.0f}% right) · validation data E = "
                f"{fmt(val[-1], 3)} ({100 * accuracy(self.net.forward(self.x_val), self.t_val):.0f}% right).")
        if n == 0:
            return text + " Press <b>Train</b>."
        if k < n and val[-1] > 1.05 * val[k]:
            text += (f"<br>The validation error was lowest after {k} epochs ({fmt(val[k], 3)}) and "
                     f"has risen since: the network is now learning the noise of its training points, "
                     f"not the shape of the moons (<b>overfitting</b>). Early stopping would keep epoch {k}.")
        else:
            text += f"<br>The validation error is lowest after {k} epochs (the dot)."
        if self.diverged:
            text += "<br>" + warn("Training diverged — press Reset.")
        return text


noise_and_held_out = NoiseAndHeldOut


# -- 5. training time ----------------------------------------------------------------------------
TIME_DATA = {"n": 200, "noise": 0.2, "seed": 3}
MAX_RUNS = 5
TIME_LIMIT = 30.0    # seconds: a longer run stops and says so


class TrainingTime(_Runs):
    """Train run after run and compare error against epochs and against seconds, with a progress bar.

    It starts empty (``train=False``): each press of Train adds a run, as the lesson says, and the
    notebook's Run All does not wait for a run nobody asked for."""

    def __init__(self, hidden=8, batch_size=10, epochs=100, lr=0.3, train=False):
        super().__init__()
        self.add_control("hidden", slider("hidden neurons", hidden, 1, 40))
        self.add_control("batch_size", widgets.Dropdown(options=[("1 (every example)", 1), ("10", 10), ("50", 50),
                                                                 ("200 (whole set)", 200)],
                                                        value=batch_size, description="B"))
        self.add_control("epochs", slider("epochs", epochs, 50, 3000, 50))
        self.add_control("lr", _lr_slider(lr, -2.0, 2.0))
        self.add_button("train", "Train (adds a run)", self.train, button_style="primary")
        self.add_button("clear", "Clear", self.clear)
        self.x, self.t = two_class(**TIME_DATA)
        self._figure(plots.CYCLE[:MAX_RUNS], [f"run {k + 1}" for k in range(MAX_RUNS)],
                     ("error E against epochs", "error E against seconds"))
        self.add_text("runs", min_height="10em")
        self.runs = []
        if train:
            self.train()
        self.update()

    def clear(self):
        self.runs = []

    def train(self):
        """One more run with the settings now chosen (the oldest is dropped after five)."""
        v = self.values()
        if len(self.runs) == MAX_RUNS:
            self.runs.pop(0)
        run = {**v, "errors": [], "seconds": [], "diverged": None}
        self.runs.append(run)
        net = _network(v["hidden"], seed=0)
        self.live.start(v["epochs"])

        def each(epoch, history, watch):
            def draw():
                run["errors"], run["seconds"] = list(history.errors), [0.0] + watch.seconds
                self._show()
            self.live.step(epoch, draw=draw)

        errors, _, seconds, diverged = fit(net, self.x, self.t, v["lr"], v["epochs"], v["batch_size"],
                                            seed=0, each=each, max_seconds=TIME_LIMIT)
        run.update(errors=errors, seconds=seconds, diverged=diverged)
        self.live.finish()

    def update(self):
        self._show()
        if self.ax_epoch.get_legend() is not None:   # a key to the runs drawn, in the table's colours
            self.ax_epoch.get_legend().remove()
        drawn = [line for line in self.lines_epoch if len(line.get_xdata())]
        if drawn:
            self.ax_epoch.legend(handles=drawn, loc="upper right")
        rows = []
        for k, run in enumerate(self.runs):
            if not run["errors"]:
                continue
            epochs = len(run["errors"]) - 1
            end = (warn(f"diverged in epoch {run['diverged']}") if run["diverged"]
                   else _rounded(run["errors"][-1], 3))
            if not run["diverged"] and epochs < run["epochs"]:
                end = f"{fmt(end, 3)}{warn(f' (stopped at the {fmt(TIME_LIMIT)} s limit)')}"
            per_epoch = 1000 * run["seconds"][-1] / max(epochs, 1)
            rows.append([plots.swatch(plots.CYCLE[k], f"run {k + 1}"), run["hidden"], run["batch_size"],
                         run["lr"], epochs, end, _rounded(run["seconds"][-1], 3), _rounded(per_epoch, 3)])
        self.texts["runs"].value = (
            plots.html_table(["", "hidden", "B", "η", "epochs", "final E", "seconds", "ms per epoch"], rows,
                             digits=6) if rows else "Press <b>Train</b> to add a run.")
        self.redraw_if_changed(self._state())


training_time = TrainingTime


BUILDERS = {
    "batch_sizes": batch_sizes,
    "starting_weights": starting_weights,
    "learning_rate": learning_rate,
    "noise_and_held_out": noise_and_held_out,
    "training_time": training_time,
    "playground": playground.playground,    # the lesson's last section (bplib/lessons/playground.py)
}


# -- exercises -----------------------------------------------------------------------------------
def check_updates_per_epoch(answer, n=200, batch_size=32):
    """How many weight updates one epoch makes with ``n`` samples in mini-batches of ``batch_size``."""
    return check(answer, updates_per_epoch(n, batch_size), f"the number of updates per epoch for n = {n}, "
                 f"B = {batch_size}",
                 hint="Count the batches: n / B full ones, and one more if samples are left over.")


def check_total_updates(answer, n=200, epochs=50):
    """How many updates ``epochs`` epochs of updating after every example make: ``n · epochs``."""
    return check(answer, updates_per_epoch(n, 1) * epochs, f"the number of updates in {epochs} epochs with B = 1",
                 hint="With B = 1 every sample gives one update, every epoch.")


def check_distinct_hidden_neurons(answer):
    """How many distinct rows ``(w₁, w₂, b)`` layer 1 of the all-equal run has after training."""
    params, _ = symmetry_run("all equal")
    (W, _), (b, _) = params[-1]
    expected = distinct_hidden_neurons(W, b)
    return check(answer, expected, "the number of distinct (weights, bias) rows of layer 1 after training "
                 "from equal weights",
                 hint="Rows that are exactly equal count once. Equal neurons get equal δ, so equal updates: "
                      "look at the table of the demo above with 'all equal' chosen.")


# -- recap ------------------------------------------------------------------------------------------
CAN_DO = [
    "count the updates per epoch for B = 1, mini-batches of B, and the whole set, and say that each is a "
    "matrix product over its B samples",
    "explain why equal starting weights keep hidden neurons equal, and start from random ones",
    "recognise an η that is too small, about right, or so large that training diverges",
    "split data into training, validation and test sets, make choices on validation, and spot overfitting",
    "read an error curve against epochs and against seconds",
    "train a network in the playground, change its data, shape, activation, η, B and λ, and read each "
    "neuron's picture and one neuron's s, y and δ",
    "say what L2 regularisation (weight decay) does: every update also shrinks each weight by the factor 1 − ηλ",
]

QUESTIONS = [
    quiz.Question("n = 100 samples in mini-batches of B = 30: how many weight updates does one epoch make?",
                  ["3", "4", "30"], answer=1,
                  why="Three full batches of 30 and one of the last 10: ⌈100 / 30⌉ = 4.",
                  nudge="Do not forget the samples left over after the full batches."),
    quiz.Question("Two hidden neurons start with exactly the same weights and bias. After training by "
                  "backpropagation they are …",
                  ["still exactly the same", "different, because the data are noisy",
                   "mirror images of each other"], answer=0,
                  why="They get the same δ, so the same slopes and the same updates, every step.",
                  nudge="Compare their δ on one sample, then their updates."),
    quiz.Question("Which set do you use to choose the number of epochs (early stopping)?",
                  ["the training set", "the validation set", "the test set"], answer=1,
                  why="The training error keeps falling; the test set must stay unused until the end.",
                  nudge="One set keeps falling whatever you do, and one must not be looked at until the end."),
    quiz.Question("With L2 regularisation (λ > 0), a weight whose slope ∂E/∂w is 0 is updated. It …",
                  ["stays as it is", "shrinks towards 0", "grows away from 0"], answer=1,
                  why="w ← w − η(∂E/∂w + λw) = (1 − ηλ)·w when ∂E/∂w = 0: a little smaller every update.",
                  nudge="Write the update with λw added to the slope, and put the slope to 0."),
]


def recap():
    """What you can now do, and four quick questions."""
    return quiz.recap(CAN_DO, QUESTIONS)
