"""Lesson 07, reading characters (``07_reading_characters.ipynb``): widgets and exercises.

A network with 35 inputs (the pixels of a 5×7 character, see
:mod:`bplib.characters`), 32 hidden neurons and 36 outputs (one per
character) learns to read letters and digits. Training, validation and test
characters share no picture (:func:`bplib.characters.honest_split`): the
narrow style in bold is never trained on.

* :func:`font_gallery` — the 36 characters in both styles, shifted, bold and noisy;
* :func:`reader_trainer` — train with a progress bar and live training and
  validation error curves (early stopping on validation); validation
  accuracy beside the nearest-picture baseline, the confusion matrix, the
  characters it gets wrong, and a noise slider for the validation characters;
* :func:`error_functions` — the same reader, from the same starting weights, with sigmoid outputs and the
  squared error beside softmax outputs and the cross-entropy: both error curves, the characters read wrong,
  and how hard the right output is pushed (its δ);
* :func:`draw_character` — click pixels on a 5×7 grid and watch the network's
  guess and its 36 outputs change;
* :func:`hidden_features` — each hidden neuron's 35 input weights as a 5×7 picture.

:func:`train_reader` is the recipe (a few tenths of a second);
:func:`trained_reader` keeps one trained network for the demos that need one.
"""

import functools
from typing import NamedTuple

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from .. import _checks, characters, saving
from ..characters import CLASSES, COLS, ROWS
from ..feedback import Feedback, check
from ..fmt import fmt
from ..network import Network
from ..training import accuracy, confusion_matrix, nearest_neighbour, predicted_class
from . import plots, quiz
from ._demo import Demo
from .plots import warn
from .runs import LiveDemo, fit, lr_slider, slider

__all__ = ["BUILDERS", "CAN_DO", "QUESTIONS", "DrawCharacter", "ErrorFunctions", "FontGallery", "HiddenFeatures",
           "ReaderTrainer", "check_accuracy", "check_predicted_character", "check_slow_delta", "draw_character",
           "error_function_run", "error_functions", "font_gallery", "hidden_features", "mistakes", "outputs_table",
           "reader_trainer", "recap", "test_figures", "train_reader", "trained_reader"]

N_CLASSES = len(CLASSES)
HIDDEN, EPOCHS, LR, BATCH, SEED = 32, 40, 5.0, 16, 0     # the recipe, chosen on the validation set
LR_OPTIONS = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0)  # the η slider: a 1-2-5 log scale
SPLIT = {"n_per_class": 20, "noise": 0.05, "seed": 0}     # 720 training characters; see characters.honest_split
COPIES = 10                                                # noisy copies of each held-out picture, at noise > 0
NOISE_LEVELS = tuple(round(0.05 * k, 2) for k in range(7))  # noise 0, 0.05, ..., 0.3
_NOISE_SEED = {"val": 1, "test": 2}

#: Counts from 1 (a clear light blue) to many (dark blue); 0 falls below the scale and is white.
COUNTS = LinearSegmentedColormap.from_list("bplib_counts", ["#9CCBEE", plots.BLUE, "#00233D"]).with_extremes(
    under="#FFFFFF")
WIDTH = 10.2   # inches: the notebook's width at 80 dpi
#: White (dark pixel) to black (lit pixel), for characters.
INK = LinearSegmentedColormap.from_list("bplib_ink", ["#FFFFFF", plots.BLACK])


@functools.lru_cache(maxsize=None)
def _split():
    return characters.honest_split(**SPLIT)


@functools.lru_cache(maxsize=None)
def _held(part, noise):
    x, t = _split()[part]
    if noise == 0:
        return x, t
    others = np.vstack([v[0] for v in _split().values()])     # never a copy equal to a picture of any set
    return characters.noisy_copies(x, t, noise, COPIES, seed=_NOISE_SEED[part], avoid=others)


def training_data():
    """The 720 training characters ``(x, t)``: 20 per character, 5% of pixels flipped (never narrow and bold)."""
    return tuple(a.copy() for a in _held("train", 0.0))


def validation_data(noise=0.0):
    """The validation characters ``(x, t)``: narrow and bold, A, C, E, ... (21 clean; 10 noisy copies at ``noise``)."""
    return tuple(a.copy() for a in _held("val", float(noise)))


def test_data(noise=0.0):
    """The test characters ``(x, t)``: narrow and bold, B, D, F, ... (23 clean; 10 noisy copies each at ``noise``).

    Look at these once, at the end: every choice is made on :func:`validation_data`.
    """
    return tuple(a.copy() for a in _held("test", float(noise)))


#: The error function and the output activation it goes with: sigmoid outputs with ``E = ½ Σₖ (yₖ − tₖ)²``,
#: softmax outputs with the cross-entropy ``E = −Σₖ tₖ ln yₖ`` (section "The error function").
OUTPUTS = {"squared": "sigmoid", "cross_entropy": "softmax"}


def reader_network(hidden=HIDDEN, seed=SEED, error_function="squared"):
    """An untrained ``[35, hidden, 36]`` network with sigmoid hidden neurons.

    ``error_function="squared"``: sigmoid outputs; ``"cross_entropy"``: softmax outputs. The same
    ``seed`` gives the same starting weights either way (the output activation has no weights of its own).
    """
    _checks.choice(error_function, "error_function", list(OUTPUTS))
    return Network([characters.N_PIXELS, hidden, N_CLASSES], activation="sigmoid",
                   output_activation=OUTPUTS[error_function], error_function=error_function, seed=seed)


def train_reader(hidden=HIDDEN, epochs=EPOCHS, lr=LR, batch_size=BATCH, seed=SEED, each=None,
                 error_function="squared"):
    """The lesson's recipe: ``(net, errors, val_errors, diverged, best)``.

    A ``[35, hidden, 36]`` network (:func:`reader_network`) trained on :func:`training_data`
    in mini-batches, with one-hot targets; ``val_errors`` is the error on
    the clean validation characters after each epoch. **Early stopping**:
    the network returned has the weights of epoch ``best``, where the
    validation error was lowest (the test set plays no part). ``each(epoch,
    history, watch)`` is called after every epoch (for a progress bar).
    """
    x, t = training_data()
    x_val, t_val = validation_data(0.0)
    net = reader_network(hidden, seed, error_function)
    kept = {"best": 0, "params": net.get_params(), "error": net.error(x_val, t_val)}

    def keep_best(epoch, history, watch):
        if history.val_errors[-1] < kept["error"]:
            kept.update(best=epoch, params=net.get_params(), error=history.val_errors[-1])
        if each is not None:
            each(epoch, history, watch)

    errors, val_errors, _, diverged = fit(net, x, t, lr, epochs, batch_size, x_val, t_val, seed=seed,
                                           each=keep_best)
    net.set_params(kept["params"])
    return net, errors, val_errors, diverged, kept["best"]


@functools.lru_cache(maxsize=None)
def _trained():
    return saving.to_dict(train_reader()[0])


def trained_reader():
    """A network trained with the lesson's recipe (trained once, then copied: each caller gets its own)."""
    return saving.from_dict(_trained())


def _mosaic(images, ncols, gap=1):
    """Characters side by side: :func:`bplib.lessons.plots.mosaic` of 7×5 pictures."""
    return plots.mosaic(images, ncols, (ROWS, COLS), gap)


def _cell_centre(k, ncols, gap=1):
    """The centre (x, y) of picture ``k`` in a :func:`_mosaic` of ``ncols`` columns."""
    r, c = divmod(k, ncols)
    return c * (COLS + gap) + (COLS - 1) / 2, r * (ROWS + gap) + (ROWS - 1) / 2


def outputs_table(y):
    """A network's 36 outputs as text, four rows of nine ``character value`` pairs."""
    y = np.asarray(y, dtype=float).ravel()
    if y.size != N_CLASSES:
        raise ValueError(f"y must hold {N_CLASSES} outputs, one per class, got {y.size}.")
    return "\n".join("  ".join(f"{CLASSES[k]} {y[k]:.2f}" for k in range(start, start + 9))
                     for start in range(0, N_CLASSES, 9))


# -- 1. the font ------------------------------------------------------------------------------
class FontGallery(Demo):
    """The 36 characters, all moved the same way, bold or not, with noise: what the network will see."""

    def __init__(self, dy=0, dx=0, bold=False, noise=0.0, seed=0, style="wide"):
        super().__init__()
        self.add_control("style", widgets.ToggleButtons(options=list(characters.STYLES), value=style,
                                                        description="style"))
        self.add_control("dy", widgets.IntSlider(value=dy, min=-1, max=1, description="shift down (dy)"))
        self.add_control("dx", widgets.IntSlider(value=dx, min=-1, max=1, description="shift right (dx)"))
        self.add_control("bold", widgets.Checkbox(value=bold, description="bold"))
        self.add_control("noise", widgets.FloatSlider(value=noise, min=0.0, max=0.5, step=0.05, description="noise"))
        self.add_control("seed", widgets.IntSlider(value=seed, min=0, max=20, description="seed"))
        self.fig, ax = plots.new_figure(7.6, 4.2, layout="constrained")
        self.image = ax.imshow(_mosaic(characters.glyphs(), 9), cmap=INK.with_extremes(bad="#DDDDDD"), vmin=0,
                               vmax=1, interpolation="nearest")
        self.frames = [ax.add_patch(Rectangle(np.subtract(_cell_centre(k, 9), (COLS / 2, ROWS / 2)), COLS, ROWS,
                                              fill=False, lw=2, edgecolor=plots.VERMILION, visible=False))
                       for k in range(N_CLASSES)]
        ax.set_axis_off()
        self.title = ax.set_title("")
        self.add_text("counts", min_height="3em")
        self.update()

    def update(self):
        v = self.values()
        rng = np.random.default_rng(v["seed"])
        images, lost, flipped = [], [], 0
        for char in CLASSES:
            image = characters.glyph(char, v["style"])
            if v["bold"]:
                image = characters.thicken(image)
            moved = characters.shift(image, v["dy"], v["dx"])
            lost.append(int(image.sum() - moved.sum()))
            noisy = characters.add_noise(moved, v["noise"], rng)
            flipped += int(np.sum(noisy != moved))
            images.append(noisy)
        self.image.set_data(_mosaic(images, 9))
        held = characters.held_out(v["style"], v["bold"])
        self.title.set_text(f"{v['style']}{', bold' if v['bold'] else ''}: "
                            + ("never in training (validation and test)" if held else "used in training"))
        bad = [c for c, n in zip(CLASSES, lost) if n > 1]
        for c, frame in zip(CLASSES, self.frames):
            frame.set_visible(c in bad)
        total = N_CLASSES * characters.N_PIXELS
        text = (f"Noise flipped {flipped} of {total} pixels ({100 * flipped / total:.1f}%; "
                f"each pixel flips with probability {v['noise']:.2f}).<br>")
        if bad:
            text += (f"This shift pushes two or more lit pixels off the grid for {len(bad)} characters "
                     f"(framed in red: {', '.join(bad)}); the data set never uses it for them.")
        else:
            text += "No character loses more than one lit pixel with this shift."
        self.texts["counts"].value = text
        self.redraw()


font_gallery = FontGallery   # the builders the notebook calls are the demos' classes


# -- 2. training the reader --------------------------------------------------------------------
N_WRONG = 12   # wrong characters shown


class ReaderTrainer(LiveDemo):
    """Train the reader: training and validation error, then, on the validation characters, the confusion
    matrix, accuracy against noise beside the nearest-picture baseline, and the characters it gets wrong."""

    def __init__(self, hidden=HIDDEN, epochs=EPOCHS, lr=LR, val_noise=0.0, train=True):
        super().__init__()
        self.add_control("hidden", slider("hidden neurons", hidden, 4, 64, 4))
        self.add_control("epochs", slider("epochs", epochs, 5, 300, 5))
        self.add_control("lr", lr_slider(LR_OPTIONS, lr))
        self.add_control("val_noise", slider("validation noise", val_noise, 0.0, NOISE_LEVELS[-1], 0.05))
        self.add_button("train", "Train", self.train, button_style="primary")
        self._build_figure()
        self.add_text("summary", min_height="6.5em")
        self.net, self.errors, self.val_errors, self.diverged, self.best = reader_network(hidden), [], [], None, 0
        self.trained_with = None
        if train:
            self.train()
        self.update()

    def _build_figure(self):
        self.fig, _ = plots.new_figure(WIDTH, 6.2, nrows=0, layout="constrained")
        axes = self.fig.subplot_mosaic([["err", "conf", "noise"], ["wrong"] * 3], height_ratios=[3.4, 1.0],
                                       width_ratios=[1.0, 1.75, 1.0])
        self.ax_err, self.ax_conf, self.ax_noise, self.ax_wrong = (axes[k] for k in ("err", "conf", "noise", "wrong"))
        self.curves = plots.error_curves(self.ax_err, "error E (log scale)", xlabel="", ylabel="", log=True)
        (self.best_mark,) = self.ax_err.plot([], [], "o", color=plots.VALIDATION, mec=plots.BLACK, ms=7,
                                             label="kept (lowest)")
        self.ax_err.set(xlim=(0, EPOCHS), ylim=(0.05, 5), xlabel="epoch")   # a trained run's range, for the layout
        self.ax_err.legend(loc="upper right")
        self._confusion_axes()
        (self.noise_curve,) = self.ax_noise.plot(NOISE_LEVELS, np.zeros(len(NOISE_LEVELS)), "o-",
                                                 color=plots.BLUE, ms=4, lw=1, label="network")
        (self.nn_curve,) = self.ax_noise.plot(NOISE_LEVELS, np.zeros(len(NOISE_LEVELS)), "s--",
                                              color=plots.GREY, ms=3, lw=1, label="nearest picture")
        (self.noise_here,) = self.ax_noise.plot([], [], "o", color=plots.BLUE, ms=10, mfc="none", mew=2)
        self.ax_noise.set(xlim=(-0.02, NOISE_LEVELS[-1] + 0.02), ylim=(0, 105), title="validation accuracy (%)",
                          xlabel="noise (fraction flipped)")
        self.ax_noise.legend(loc="upper right")
        self.wrong = self.ax_wrong.imshow(_mosaic(np.zeros((N_WRONG, ROWS, COLS)), N_WRONG, gap=3),
                                          cmap=INK.with_extremes(bad="#FFFFFF"), vmin=0, vmax=1,
                                          interpolation="nearest")
        self.wrong_labels = [self.ax_wrong.text(_cell_centre(k, N_WRONG, gap=3)[0], ROWS + 0.4, "", ha="center",
                                                va="top") for k in range(N_WRONG)]
        self.ax_wrong.set_ylim(ROWS + 2.6, -0.5)
        self.ax_wrong.set_axis_off()
        self.wrong_title = self.ax_wrong.set_title("the validation characters it reads wrong (true→answer)")

    def _confusion_axes(self):
        """The 36 × 36 counts, every character named: the labels alternate between short and long ticks
        so that neighbours never touch; counts of 1 and up in blues (darker: more), 0 white."""
        ax = self.ax_conf
        self.conf = ax.imshow(np.zeros((N_CLASSES, N_CLASSES)), cmap=COUNTS, vmin=0.5, vmax=1.5,
                              interpolation="nearest")
        ax.set(xlim=(-0.5, N_CLASSES - 0.5), ylim=(N_CLASSES - 0.5, -0.5), title="confusion (validation)",
               xlabel="the network's answer", ylabel="true character")
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_ticks(range(0, N_CLASSES, 2), CLASSES[0::2])
            axis.set_ticks(range(1, N_CLASSES, 2), CLASSES[1::2], minor=True)
        ax.tick_params(which="major", length=2, pad=1)
        ax.tick_params(which="minor", length=12, pad=1, width=0.5)
        ax.spines[:].set_visible(True)
        self.conf_bar = self.fig.colorbar(self.conf, ax=ax, shrink=0.7, aspect=15, pad=0.02,
                                          label="characters (white: 0)")
        self.conf_bar.locator = MaxNLocator(integer=True, nbins=4)

    def _settings(self):
        v = self.values()
        return v["hidden"], v["epochs"], v["lr"]

    def train(self):
        """Train a new network with the settings now chosen, drawing its error curves as it goes."""
        hidden, epochs, lr = self._settings()
        self.live.start(epochs)

        def each(epoch, history, watch):
            self.live.step(epoch, draw=lambda: self._curves(history.errors, history.val_errors))

        self.net, self.errors, self.val_errors, self.diverged, self.best = train_reader(hidden, epochs, lr,
                                                                                        each=each)
        self.live.finish()
        self.trained_with = (hidden, epochs, lr)
        # Validation accuracy at every noise level, the network's and the nearest picture's.
        sets = [validation_data(n) for n in NOISE_LEVELS]
        self.accuracies = [accuracy(self.net.forward(x), t) for x, t in sets]
        self.baseline = [accuracy(nearest_neighbour(*training_data(), x), t) for x, t in sets]

    def _curves(self, errors, val_errors):
        plots.show_curves(self.curves, errors, val_errors)
        self.ax_err.set_xlim(0, max(5, len(errors) - 1))
        if errors:
            both = errors + val_errors
            self.ax_err.set_ylim(max(min(both), 1e-4) / 1.5, max(both) * 1.5)

    def update(self):
        noise = NOISE_LEVELS[int(round(self.controls["val_noise"].value / 0.05))]
        if not self.errors:
            self.texts["summary"].value = "Press <b>Train</b>."
            self.redraw()
            return
        self._curves(self.errors, self.val_errors)
        self.best_mark.set_data([self.best], [self.val_errors[self.best]])
        x, t = validation_data(noise)
        y = self.net.forward(x)
        true, guess = predicted_class(t), predicted_class(y)
        counts = confusion_matrix(true, guess, N_CLASSES)
        self.conf.set_data(counts)
        self.conf.set_clim(0.5, max(1, int(counts.max())) + 0.5)   # a count k sits in the middle of its band
        acc = float(np.trace(counts)) / len(true)
        self.noise_curve.set_ydata(100 * np.array(self.accuracies))
        self.nn_curve.set_ydata(100 * np.array(self.baseline))
        self.noise_here.set_data([noise], [100 * acc])
        wrong = np.flatnonzero(true != guess)
        shown = wrong[:N_WRONG]
        pictures = _mosaic(np.concatenate([x[shown], np.zeros((N_WRONG - len(shown), characters.N_PIXELS))]),
                          N_WRONG, gap=3)
        pictures[:, (COLS + 3) * len(shown):] = np.ma.masked     # no picture where nothing was wrong
        self.wrong.set_data(pictures)
        for k, label in enumerate(self.wrong_labels):
            label.set_text(f"{CLASSES[true[shown[k]]]}→{CLASSES[guess[shown[k]]]}" if k < len(shown) else "")
        self.wrong_title.set_text(f"{len(wrong)} of {len(true)} validation characters read wrong at noise "
                                  f"{noise:.2f}" + (f" (the first {N_WRONG}: true→answer)" if len(wrong) > N_WRONG
                                                    else " (true→answer)" if len(wrong) else ""))
        self.texts["summary"].value = self._summary(counts, acc, noise)
        self.redraw()

    def _summary(self, counts, acc, noise):
        hidden, epochs, lr = self.trained_with
        pairs = sorted(((int(counts[i, j]), CLASSES[i], CLASSES[j]) for i, j in zip(*np.nonzero(counts)) if i != j),
                       key=lambda p: -p[0])
        mixed = ", ".join(f"{a} read as {b} ({n}×)" for n, a, b in pairs[:5]) or "none"
        k = NOISE_LEVELS.index(noise)
        text = (f"Trained {len(self.errors) - 1} epochs: {hidden} hidden neurons, η = {fmt(lr, 3)}; kept the weights "
                f"of epoch {self.best}, where the validation error was lowest (early stopping). Training error there "
                f"E = {fmt(self.errors[self.best], 3)}.<br>"
                f"<b>Validation accuracy at noise {noise:.2f}: {100 * acc:.1f}%</b> "
                f"({int(np.trace(counts))} of {counts.sum()}); the nearest training picture gets "
                f"{100 * self.baseline[k]:.1f}%. Most often mixed up: {mixed}.")
        if self.diverged:
            text += "<br>" + warn(f"Training diverged in epoch {self.diverged}: try a smaller η.")
        elif accuracy(self.net.forward(training_data()[0]), training_data()[1]) < 0.5:
            text += "<br>" + warn(
                f"Training stalled: the training error got stuck near {fmt(self.errors[-1], 2)}. Steps this big "
                f"push many sigmoid neurons to 0 or 1, where their slope f′ is almost 0 and they stop learning. "
                f"Try a smaller η (or fewer hidden neurons).")
        if self._settings() != self.trained_with:
            text += "<br>" + warn("Settings changed: press <b>Train</b> to train a new network with them.")
        return text


reader_trainer = ReaderTrainer


# -- 2b. the error function --------------------------------------------------------------------
COMPARE_EPOCHS = 60    # each comparison run is this long; the epochs slider shows its first epochs
#: Fixed axes, wide enough for every η on the slider, so that runs at different η compare at a glance.
E_LIMITS = {"squared": (0.01, 5), "cross_entropy": (0.001, 50)}
PUSH_LIMITS = (0.001, 2)   # a smaller |δ| is drawn on the bottom edge (the table gives its value)
SATURATED = 0.01       # a hidden output counts as saturated where its slope f′(s) = y(1 − y) is below this
NAMES = {"squared": "squared error, sigmoid outputs", "cross_entropy": "cross-entropy, softmax outputs"}
COLOURS = {"squared": plots.VERMILION, "cross_entropy": plots.BLUE}


class Run(NamedTuple):
    """One reader's training, measured before training (index 0) and after every epoch."""
    errors: tuple       # E on the training characters
    val_errors: tuple   # E on the validation characters
    wrong: tuple        # fraction of the training characters read wrong
    val_wrong: tuple    # how many of the 21 validation characters are read wrong
    y_right: tuple      # the right character's output y, averaged over the training characters
    push: tuple         # |δ| of that output for one character, averaged: (1 − y)·f′(s) or 1 − y
    saturated: tuple    # fraction of the hidden neurons' outputs with f′(s) = y(1 − y) below SATURATED
    diverged: object    # the epoch in which training diverged, or None


_RUNS = {}


def error_function_run(error_function, lr=LR, epochs=COMPARE_EPOCHS, each=None):
    """The lesson's reader (32 hidden neurons, batches of 16, seed 0, no early stopping) trained with
    ``error_function`` (``"squared"`` or ``"cross_entropy"``, :func:`reader_network`): a :class:`Run`.

    Runs are kept: the same arguments again return the same run at once. ``each(epoch)`` is called
    after every epoch of a new run (for a progress bar).
    """
    key = (error_function, float(lr), int(epochs))
    if key in _RUNS:
        return _RUNS[key]
    x, t = training_data()
    x_val, t_val = validation_data()
    net = reader_network(error_function=error_function)
    right, rows = predicted_class(t), np.arange(len(t))
    seen = {name: [] for name in ("wrong", "val_wrong", "y_right", "push", "saturated")}

    def measure(epoch=0, *_):
        net.backward(x, t)     # one pass over all the training characters: every y and δ
        y, hidden = net.y[-1], net.y[0]
        delta = net.delta[-1] * len(x)      # backward averages over the n characters: δ for one character
        seen["wrong"].append(float(np.mean(predicted_class(y) != right)))
        seen["y_right"].append(float(np.mean(y[rows, right])))
        seen["push"].append(float(np.mean(np.abs(delta[rows, right]))))
        seen["saturated"].append(float(np.mean(hidden * (1 - hidden) < SATURATED)))
        seen["val_wrong"].append(int(np.sum(predicted_class(net.forward(x_val)) != predicted_class(t_val))))
        if epoch and each is not None:
            each(epoch)

    measure()
    errors, val_errors, _, diverged = fit(net, x, t, lr, epochs, BATCH, x_val, t_val, seed=SEED, each=measure)
    run = Run(tuple(errors), tuple(val_errors), *(tuple(seen[k]) for k in Run._fields[2:7]), diverged)
    _RUNS[key] = run
    return run


class ErrorFunctions(LiveDemo):
    """The reader trained twice from the same starting weights, with the squared error (sigmoid outputs) and
    with the cross-entropy (softmax outputs): both errors, the characters read wrong, and the right output's δ."""

    def __init__(self, lr=LR, epochs=EPOCHS):
        super().__init__()
        if _checks.whole_number(epochs, "epochs", minimum=5) > COMPARE_EPOCHS:
            raise ValueError(f"epochs must be at most {COMPARE_EPOCHS} (the length of each run), got {epochs}.")
        self.add_control("lr", lr_slider(LR_OPTIONS, lr))
        self.add_control("epochs", slider("epochs", epochs, 5, COMPARE_EPOCHS, 5))
        self.fig, axes = plots.new_figure(WIDTH, 6.0, nrows=2, ncols=2, layout="constrained", sharex=True)
        (self.ax_sq, self.ax_ce), (self.ax_wrong, self.ax_push) = axes
        self.curves = {}
        for name, ax in (("squared", self.ax_sq), ("cross_entropy", self.ax_ce)):
            train, val = plots.error_curves(ax, f"{NAMES[name]}: E (log scale)", xlabel="", ylabel="", log=True)
            ax.set_ylim(*E_LIMITS[name])
            for curve in (train, val):   # fixed limits: a curve beyond them is cut at the frame
                curve.set_clip_on(True)
            ax.legend(loc="upper right")
            line = {"color": COLOURS[name], "lw": 1.5}
            self.curves[name] = {"errors": train, "val_errors": val,
                                 "wrong": self.ax_wrong.plot([], [], **line)[0],
                                 "val_wrong": self.ax_wrong.plot([], [], ls="--", **line)[0],
                                 "push": self.ax_push.plot([], [], label=name.replace("_", "-"), **line)[0]}
        self.ax_wrong.set(ylim=(0, 100), title="characters read wrong (%)", xlabel="epoch")
        self.ax_wrong.legend(handles=[Line2D([], [], color=plots.GREY, lw=1.5, label="training"),
                                      Line2D([], [], color=plots.GREY, lw=1.5, ls="--", label="validation")],
                             loc="upper right")
        plots.log_scale(self.ax_push)
        self.ax_push.set(ylim=PUSH_LIMITS, title="the right output's |δ| for one character (log)", xlabel="epoch")
        self.ax_push.legend(loc="lower left", title=f"below {fmt(PUSH_LIMITS[0])}: on the bottom edge")
        self.ax_sq.set_xlim(0, COMPARE_EPOCHS)      # shared by all four
        self.marks = [ax.axvline(epochs, color=plots.GREY, lw=1, ls=":") for ax in axes.flat]   # the last epoch shown
        self.add_text("summary", min_height="9em")
        self.update()

    def runs(self):
        """The two runs at the chosen η (trained now, with the progress bar, if not yet kept)."""
        lr, runs = self.controls["lr"].value, {}
        self.live.start(2 * COMPARE_EPOCHS)
        for k, name in enumerate(OUTPUTS):
            runs[name] = error_function_run(name, lr, each=lambda epoch: self.live.step(k * COMPARE_EPOCHS + epoch))
        self.live.finish()
        return runs

    def update(self):
        runs, n = self.runs(), self.controls["epochs"].value
        n_val = len(_split()["val"][0])
        for name, run in runs.items():
            shown = {key: np.asarray(getattr(run, key)[:n + 1], dtype=float) for key in self.curves[name]}
            shown["wrong"], shown["val_wrong"] = 100 * shown["wrong"], 100 * shown["val_wrong"] / n_val
            shown["push"] = np.maximum(shown["push"], PUSH_LIMITS[0])
            for key, line in self.curves[name].items():
                line.set_data(np.arange(len(shown[key])), shown[key])
        for mark in self.marks:
            mark.set_xdata([n, n])
        self.texts["summary"].value = self._summary(runs, n)
        self.redraw()

    def _summary(self, runs, n):
        lr, n_val = self.controls["lr"].value, len(_split()["val"][0])
        rows = []
        for name, run in runs.items():
            k = min(n, len(run.errors) - 1)
            half = next((k for k, w in enumerate(run.wrong) if w <= 0.5), None)   # half read right from here
            best = int(np.argmin(run.val_errors[:k + 1]))
            rows.append([plots.swatch(COLOURS[name], NAMES[name]), run.errors[k], f"{100 * run.wrong[k]:.1f}%",
                         f"{n_val - run.val_wrong[k]} of {n_val}", run.y_right[k], run.push[k],
                         f"epoch {half}" if half is not None and half <= n else f"not in {n} epochs",
                         f"epoch {best}"])
        text = plots.html_table(["after epoch " + str(n) + f", η = {fmt(lr, 3)}", "training E", "training read wrong",
                                 "validation read right", "right output y", "its |δ|", "half read right",
                                 "lowest validation E"], rows, digits=3)
        text += ("<br>For the right character t = 1. Squared error: δ = (y − t)·f′(s), and f′(s) = y(1 − y) is "
                 "almost 0 where y is almost 0: a confidently wrong output hardly learns. Cross-entropy with "
                 "softmax: δ = y − t, large exactly when the output is wrong.")
        for name, run in runs.items():
            k, said = min(n, len(run.errors) - 1), NAMES[name].capitalize()
            if run.diverged is not None and run.diverged <= n:
                text += "<br>" + warn(f"{said}: training diverged in epoch {run.diverged}; try a smaller η.")
            if name == "squared" and run.y_right[k] < SATURATED:
                text += "<br>" + warn(
                    f"{said}: the right output is y = {fmt(run.y_right[k], 3)} on average, confidently wrong; its "
                    f"δ = (y − 1)·y(1 − y) is almost 0, so it hardly learns.")
            if run.saturated[k] > 0.5:
                text += "<br>" + warn(
                    f"{said}: {100 * run.saturated[k]:.0f}% of the hidden neurons' outputs are saturated (f′(s) "
                    f"below {SATURATED}), so their δ is almost 0 too"
                    + ("; cross-entropy cancels f′ only at the outputs" if name == "cross_entropy" else "")
                    + ". Steps this big push the hidden neurons to 0 or 1: try a smaller η.")
        return text


error_functions = ErrorFunctions


# -- 3. draw a character ----------------------------------------------------------------------
class DrawCharacter(Demo):
    """A 5×7 grid of toggle buttons to draw on; the network's 36 outputs as bars, updated at each click."""

    def __init__(self, net=None, start="A"):
        super().__init__()
        self.net = net if net is not None else trained_reader()
        if self.net.sizes[0] != characters.N_PIXELS or self.net.sizes[-1] != N_CLASSES:
            raise ValueError(f"net must have {characters.N_PIXELS} inputs and {N_CLASSES} outputs, "
                             f"got sizes {self.net.sizes}.")
        self.add_control("start", widgets.Dropdown(options=["blank", *CLASSES], value=start,
                                                   description="start from"))
        square = widgets.Layout(width="30px", height="30px", padding="0px")
        self.pixels = [self.add_control(f"r{r}c{c}", widgets.ToggleButton(value=False, layout=square,
                                                                           tooltip=f"row {r + 1}, column {c + 1}"))
                       for r in range(ROWS) for c in range(COLS)]
        self.add_button("clear", "Clear", self.clear)
        self.fig, self.ax = plots.new_figure(7.6, 2.9, layout="constrained")
        self.bars = self.ax.bar(np.arange(N_CLASSES), np.zeros(N_CLASSES), color=plots.GREY, width=0.75)
        self.ax.set_xticks(np.arange(N_CLASSES), list(CLASSES))
        self.ax.tick_params(axis="x", length=0)
        self.ax.set(ylim=(0, 1.05), yticks=[0, 0.5, 1], xlim=(-0.7, N_CLASSES - 0.3),
                    title="the network's 36 outputs y (blue: its guess)")
        self.add_text("guess", min_height="3em")
        self._loaded = None
        self.update()

    def layout(self):
        rows = [widgets.HBox(self.pixels[r * COLS:(r + 1) * COLS]) for r in range(ROWS)]
        grid = widgets.VBox(rows, layout=widgets.Layout(margin="0 12px 0 0"))
        left = widgets.VBox([self.controls["start"], grid, self.buttons["clear"]])
        return widgets.VBox([widgets.HBox([left, widgets.VBox([*self._canvas(), self.texts["guess"]])]),
                             self.status])

    def image(self):
        """The drawn character as 35 pixels, 1 = lit."""
        return np.array([1.0 if p.value else 0.0 for p in self.pixels])

    def _put(self, image):
        """Light the grid's pixels where ``image`` is at least 0.5, without an update for each pixel."""
        self.put(**{f"r{k // COLS}c{k % COLS}": bool(v >= 0.5) for k, v in enumerate(np.ravel(image))})

    def draw(self, pixels):
        """Set the grid to ``pixels`` (35 values or 7 rows of 5), then update once."""
        self._put(characters.as_image(pixels, "pixels"))
        self._guarded(self.update)

    def clear(self):
        """All pixels dark (and "start from" back to blank)."""
        if self.controls["start"].value != "blank":
            self.controls["start"].value = "blank"     # its update puts the blank grid in
        else:
            self.draw(np.zeros(characters.N_PIXELS))

    def update(self):
        start = self.controls["start"].value
        if start != self._loaded:   # a new choice in "start from": put that character on the grid
            self._loaded = start
            self._put(np.zeros(characters.N_PIXELS) if start == "blank" else characters.glyph(start))
        for p in self.pixels:
            p.button_style = "primary" if p.value else ""
        y = self.net.forward(self.image())
        k = int(np.argmax(y))
        for j, bar in enumerate(self.bars):
            bar.set_height(float(y[j]))
            bar.set_color(plots.BLUE if j == k else plots.GREY)
        runner = np.argsort(y)[-2]
        self.texts["guess"].value = (
            f"<span style='font-size:1.4em'>Guess: <b>{CLASSES[k]}</b></span> — output {y[k]:.2f}; next best "
            f"{CLASSES[runner]} ({y[runner]:.2f}). {int(self.image().sum())} of 35 pixels lit."
            + ("" if y[k] >= 0.5 else " No output reaches 0.5: the network is not sure."))
        self.redraw()


draw_character = DrawCharacter


# -- 4. what the hidden neurons look for -------------------------------------------------------
class HiddenFeatures(Demo):
    """Each hidden neuron's 35 input weights as a 5×7 picture; pick one to see which characters it votes for."""

    def __init__(self, net=None, neuron=1):
        super().__init__()
        self.net = net if net is not None else trained_reader()
        W = self.net.weights[0]
        if W.shape[1] != characters.N_PIXELS:
            raise ValueError(f"net must have {characters.N_PIXELS} inputs, got sizes {self.net.sizes}.")
        hidden = W.shape[0]
        self.ncols = 8
        self.add_control("neuron", widgets.IntSlider(value=min(neuron, hidden), min=1, max=hidden,
                                                     description="hidden neuron"))
        self.fig, (self.ax_all, self.ax_one) = plots.new_figure(WIDTH, 3.8, ncols=2, layout="constrained",
                                                                gridspec_kw={"width_ratios": [2.2, 1]})
        limit = float(np.percentile(np.abs(W), 98)) or 1.0   # the strongest 2% show at full colour
        # Grey gaps between the tiles: white is a weight of 0, so white gaps would make the tiles touch.
        self.image = self.ax_all.imshow(_mosaic(W, self.ncols), cmap=plots.DIVERGING.with_extremes(bad="#A0A0A0"),
                                        vmin=-limit, vmax=limit, interpolation="nearest")
        self.frame = Rectangle((0, 0), COLS + 1, ROWS + 1, fill=False, lw=2, edgecolor=plots.BLACK, clip_on=False)
        self.ax_all.add_patch(self.frame)
        self.ax_all.set_title(f"input weights of the {hidden} hidden neurons")
        self.one = self.ax_one.imshow(W[0].reshape(ROWS, COLS), cmap=plots.DIVERGING, vmin=-limit, vmax=limit,
                                      interpolation="nearest")
        self.one_title = self.ax_one.set_title("")
        for ax in (self.ax_all, self.ax_one):
            ax.set_axis_off()
        self.fig.colorbar(self.image, ax=[self.ax_all, self.ax_one], extend="both", shrink=0.85,
                          label="weight (beyond the ends: the strongest 2%)")
        self.add_text("votes", min_height="4.5em")
        self.update()

    def update(self):
        j = self.controls["neuron"].value - 1
        W, W_out = self.net.weights[0], self.net.weights[1]
        cx, cy = _cell_centre(j, self.ncols)
        self.frame.set_xy((cx - (COLS + 1) / 2, cy - (ROWS + 1) / 2))
        self.one.set_data(W[j].reshape(ROWS, COLS))
        self.one_title.set_text(f"neuron {j + 1}")
        out = W_out[:, j]        # this neuron's weights to the 36 outputs
        order = np.argsort(out)
        up = ", ".join(f"{CLASSES[k]} ({fmt(out[k], 2)})" for k in order[::-1][:5])
        down = ", ".join(f"{CLASSES[k]} ({fmt(out[k], 2)})" for k in order[:5])
        self.texts["votes"].value = (
            f"Blue: a positive weight, vermilion: a negative one. Hidden neuron {j + 1} is switched on by lit "
            f"pixels where its picture is blue and held back by lit pixels where it is vermilion. When it is on "
            f"it pushes up the outputs of {up}; it pushes down {down}.")
        self.redraw()


hidden_features = HiddenFeatures


BUILDERS = {
    "font_gallery": font_gallery,
    "reader_trainer": reader_trainer,
    "error_functions": error_functions,
    "draw_character": draw_character,
    "hidden_features": hidden_features,
}


# -- exercises -----------------------------------------------------------------------------------
#: Exercise 1: the outputs of a network for one character (one value per class, in CLASSES order).
EXERCISE_OUTPUT = np.array([{"B": 0.41, "8": 0.38, "R": 0.57, "P": 0.12}.get(c, 0.03) for c in CLASSES])

#: Exercise 2: a confusion matrix for three classes (rows: true O, 0, Q; columns: the network's answer).
EXERCISE_CONFUSION = np.array([[8, 2, 0],
                               [3, 6, 1],
                               [0, 0, 10]])


def check_predicted_character(answer, y=None):
    """Which character the output vector ``y`` (default: :data:`EXERCISE_OUTPUT`) stands for."""
    y = EXERCISE_OUTPUT if y is None else np.asarray(y, dtype=float)
    expected = CLASSES[predicted_class(y)]
    if answer is None:
        return Feedback(False, "Not answered yet: replace None with the character, in quotes, such as 'A'.")
    if not isinstance(answer, str) or len(answer.strip()) != 1:
        return Feedback(False, f"The answer should be one character in quotes, such as 'A', got {answer!r}.")
    picked = answer.strip().upper()
    if picked == expected:
        return Feedback(True, f"Right: the largest output, {y.max():.2f}, is output {CLASSES.index(expected)}, "
                              f"which stands for {expected}.")
    if picked in CLASSES:
        return Feedback(False, f"Not yet: output {CLASSES.index(picked)} ({picked}) is {y[CLASSES.index(picked)]:.2f}; "
                               f"is there a larger one? Hint: the answer is the class with the largest output.")
    return Feedback(False, f"Not yet: {answer!r} is not one of the 36 classes {CLASSES}.")


#: Exercise 3: a sigmoid output that should be 1, and is confidently wrong.
EXERCISE_Y = 0.05


def check_slow_delta(answer, y=EXERCISE_Y):
    """δ of a sigmoid output ``y`` that should be 1, with the squared error: ``(y − t)·y(1 − y)`` with ``t = 1``."""
    return check(answer, (y - 1) * y * (1 - y), "δ with the squared error",
                 hint="BP1: δ = (y − t)·f′(s), with t = 1 and, for the sigmoid, f′(s) = y(1 − y).")


def check_accuracy(answer, counts=None):
    """The accuracy read off a confusion matrix: the diagonal's sum over the total."""
    counts = EXERCISE_CONFUSION if counts is None else np.asarray(counts)
    expected = float(np.trace(counts)) / float(counts.sum())
    return check(answer, expected, "the accuracy (a fraction between 0 and 1)",
                 hint="Add the right answers on the diagonal and divide by the number of samples.")


# -- the mistakes, and the final test ---------------------------------------------------------------
def mistakes(net, x, t):
    """The characters ``net`` reads wrong, with their distance in pixels to the training set.

    One row per mistake: ``(true, answer, to_true, to_answer, picture)``, where
    ``to_true`` is how many pixels the picture differs from the nearest
    training picture of its true character, ``to_answer`` the same for the
    character the network answered, and ``picture`` the 35 pixels.
    """
    x_train, t_train = training_data()
    labels = predicted_class(t_train)
    true, guess = predicted_class(t), predicted_class(net.forward(x))
    rows = []
    for i in np.flatnonzero(true != guess):
        apart = np.abs(x_train - x[i]).sum(axis=1)
        rows.append((CLASSES[true[i]], CLASSES[guess[i]], int(apart[labels == true[i]].min()),
                     int(apart[labels == guess[i]].min()), x[i]))
    return rows


def test_figures(net, noises=(0.0, 0.1, 0.2, 0.3)):
    """``[(noise, n, network accuracy, nearest-picture accuracy)]`` on the test characters."""
    sets = [(noise, *test_data(noise)) for noise in noises]
    return [(noise, len(x), accuracy(net.forward(x), t), accuracy(nearest_neighbour(*training_data(), x), t))
            for noise, x, t in sets]


# -- recap ------------------------------------------------------------------------------------------
CAN_DO = [
    "turn a 5×7 picture into 35 inputs and a character into 36 one-hot desired outputs",
    "keep training, validation and test pictures apart, and check that no picture is in two sets",
    "make every choice (η, hidden neurons, epochs, early stopping) on the validation set",
    "judge a network on the test set once, beside a baseline that needs no training",
    "read a confusion matrix, and explain a mistake by counting the pixels it differs by",
    "explain why a confidently wrong sigmoid output learns slowly with the squared error, and why softmax "
    "outputs with the cross-entropy error do not (δ = y − t)",
]

QUESTIONS = [
    quiz.Question("You try five values of η and keep the one with the best test accuracy. What goes wrong?",
                  ["nothing: that is what the test set is for",
                   "the test accuracy is no longer a fair estimate for new pictures: you chose on it",
                   "η should be chosen on the training error instead"],
                  answer=1,
                  why="A choice made on a set fits that set a little; only a set never used for choices "
                      "estimates new data fairly. Choose on the validation set.",
                  nudge="Ask which set is left that the network and you have never adapted to."),
    quiz.Question("At noise 0.3 every pixel flips with probability 0.3. On average, how many of the 35 "
                  "pixels flip?",
                  ["about 3", "about 10", "about 12, a third"],
                  answer=1,
                  why="0.3 · 35 = 10.5 pixels, three in ten.",
                  nudge="Multiply the probability by the number of pixels."),
    quiz.Question("The training set has every character in the narrow style, plain. Why can the network "
                  "still misread a narrow character in bold?",
                  ["it never saw that combination, and a bold stroke changes many pixels",
                   "the validation set was too small",
                   "backpropagation cannot learn bold pictures"],
                  answer=0,
                  why="Bold lights a second pixel beside every lit one: several pixels differ from every "
                      "training picture of that character.",
                  nudge="Count how many pixels bold adds to a narrow character."),
    quiz.Question("A sigmoid output that should be 1 (t = 1) is y = 0.01. With the squared error, why does it "
                  "learn so slowly?",
                  ["its error y − t is small, so there is little to correct",
                   "δ = (y − t)·f′(s), and f′(s) = y(1 − y) is about 0.01: δ is about −0.01",
                   "the learning rate η is too small for outputs near 0"],
                  answer=1,
                  why="y − t = −0.99 is large, but the sigmoid is flat there: f′(s) = 0.01 · 0.99 ≈ 0.0099, so "
                      "δ ≈ −0.0098. With softmax outputs and the cross-entropy δ = y − t = −0.99.",
                  nudge="Write out BP1 for this output and put the numbers in."),
]


def recap():
    """What you can now do, and four quick questions."""
    return quiz.recap(CAN_DO, QUESTIONS)
