"""The playground (the last section of ``06_training_in_practice.ipynb``): TensorFlow Playground's controls,
plus the numbers it hides.

:class:`Playground` trains a network of 1 to 3 hidden layers on one of :func:`bplib.data.plane_data`'s five
data sets, one epoch at a time, exactly as ``net.fit(x, t, lr, epochs=1, batch_size=B, seed=epoch, l2=λ)``
does, so that every run can be written out as code (:meth:`Playground.code`) and replayed to the same
weights. One figure, made once and changed in place while it trains:

* the network: every neuron drawn as a small heat map of its output over the input plane (all of them one
  image, :func:`bplib.lessons.plots.mosaic`), every connection a line coloured by the sign of its weight and as
  thick as the weight is large (one ``LineCollection``);
* the network's output over the plane with the training points (circles) and validation points (diamonds);
* the error on the training and on the validation data against epochs.

Play trains as an asyncio task in the kernel's own loop (:meth:`Playground.play`), a few epochs a frame,
so that the kernel reads slider moves between frames: η, B and λ take effect at the next epoch. The
neuron inspector shows one neuron's ``s``, ``y`` and ``δ`` for one training point (chosen in the lists or
by a click on the pictures), with its incoming weights and their gradients; Export writes the weights and
the errors to JSON (:meth:`Network.save`).

:class:`Plane` (the points and a network's output over the plane) serves lessons 03 and 06 too; training one
epoch at a time is :class:`bplib.lessons.runs.EpochByEpoch`, as in lesson 06's noise demo.
"""

import asyncio
import html
import os
import weakref

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap, Normalize
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from .. import _checks
from . import plots
from ..data import plane_data
from ..feedback import check
from ..fmt import fmt
from ..network import DivergenceError, Network
from ..results import History
from ..training import accuracy, train_test_split
from ._demo import Demo
from .plots import warn
from .runs import ON_RELEASE, EpochByEpoch, set_limits, slider, with_frame

__all__ = ["Plane", "Playground", "check_decay_factor", "playground"]

N_POINTS = 200                      # points in every data set, training and validation together
EXTENT = (-4.0, 4.0, -4.0, 4.0)     # the part of the plane shown: x₁ and x₂ from −4 to 4
GRID = 32                           # pixels a side of the output picture and of every neuron's heat map
GAP = 4                             # pixels between two heat maps
MAX_LAYERS, MAX_NEURONS = 3, 8
# the diagram's columns of heat maps: the inputs, then every hidden layer and the output, an empty column
# between two (where the connections run)
COLUMNS = 2 * MAX_LAYERS + 3
DATA_SETS = [("XOR", "XOR"), ("circle", "circle"), ("Gaussian clusters", "clusters"), ("two moons", "moons"),
             ("spiral", "spiral")]
ACTIVATIONS = [("sigmoid", "sigmoid"), ("tanh", "tanh"), ("ReLU", "relu")]
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)   # TensorFlow Playground's choices
L2_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
EPOCHS_PER_FRAME = 5                # Play trains this many epochs, then draws one frame
PLAY_LIMIT = 10_000                 # epochs a press of Play trains at most, then it pauses
FRAME_PAUSE = 0.01                  # seconds Play gives the kernel between frames, to read slider moves
EXPORT_FILE = "playground_run.json"


def _to_colour_scale(y, activation):
    """A neuron's outputs mapped onto the heat maps' scale, −1 (vermilion) … 0 (white) … 1 (blue).

    tanh's outputs are on it already; the sigmoid's 0 … 1 become 2y − 1 (so 0.5 is white); ReLU's
    0 … largest are divided by the largest (each ReLU neuron's picture has its own scale).
    """
    if activation == "tanh":
        return y
    if activation == "sigmoid":
        return 2 * y - 1
    top = y.max(axis=0)
    return y / np.where(top > 0, top, 1.0)


class Plane:
    """Points of two classes in the plane and a network's output over it, vermilion 0 and blue 1 (lesson 06).

    Every point is filled with its class's colour and outlined in black, so it shows on either colour of
    the plane: training points as circles, validation points as diamonds. ``extent`` is the part of the
    plane shown ``(x₁ from, x₁ to, x₂ from, x₂ to)``, ``grid`` the output picture's pixels a side.
    """

    def __init__(self, ax, title, extent, grid, ticks, sizes=(22, 34), aspect="auto"):
        x1, x2 = np.meshgrid(np.linspace(extent[0], extent[1], grid), np.linspace(extent[2], extent[3], grid))
        self.inputs = np.column_stack([x1.ravel(), x2.ravel()])   # row by row from the bottom
        self.grid = grid
        self.image = ax.imshow(np.full((grid, grid), 0.5), origin="lower", extent=extent, cmap=plots.DIVERGING,
                               vmin=0.0, vmax=1.0, interpolation="bilinear", aspect=aspect)
        classes = {"cmap": ListedColormap([plots.NEGATIVE, plots.POSITIVE]), "norm": Normalize(0, 1),
                   "edgecolors": plots.BLACK, "linewidths": 0.8, "zorder": 3}   # t = 0 vermilion, t = 1 blue
        self.train = ax.scatter([], [], c=[], s=sizes[0], **classes)
        self.held = ax.scatter([], [], c=[], s=sizes[1], marker="D", **classes)
        self.ax = ax
        ax.set(xlim=extent[:2], ylim=extent[2:], xticks=ticks[0], yticks=ticks[1], xlabel="x₁", title=title)
        ax.set_ylabel("x₂", rotation=0)
        for axis in (ax.xaxis, ax.yaxis):   # the ticks' inner tip under the picture, as a blitted frame has it
            axis.set_zorder(-1)

    def legend(self, **kw):
        """A key to the markers: circles the training data, diamonds the validation data."""
        marker = {"ls": "none", "mfc": "white", "mec": plots.BLACK, "mew": 0.8}
        self.ax.legend(handles=[Line2D([], [], marker="o", ms=6, label="training", **marker),
                                Line2D([], [], marker="D", ms=6, label="validation", **marker)],
                       loc="lower left", framealpha=0.9, **kw)

    def moving(self):
        """What a move changes here, the picture and the points, with the frame and the key drawn over them
        (for :meth:`Demo.animate <bplib.lessons._demo.Demo.animate>`)."""
        return with_frame(self.ax, self.image, self.train, self.held)

    def show_y(self, y):
        """The network's outputs ``y`` at :attr:`inputs`, as the picture (clipped to 0 … 1)."""
        self.image.set_data(np.clip(np.ravel(y), 0.0, 1.0).reshape(self.grid, self.grid))

    def show_net(self, net):
        try:
            y = net.forward(self.inputs)[:, 0]
        except DivergenceError:
            y = np.full(len(self.inputs), 0.5)
        self.show_y(y)

    def show_points(self, x, t, x_val=None, t_val=None):
        """Training points ``x`` of classes ``t`` (0 or 1), and validation points if given."""
        for points, xs, ts in ((self.train, x, t), (self.held, x_val, t_val)):
            points.set_offsets(np.empty((0, 2)) if xs is None else xs)
            points.set_array(np.empty(0) if ts is None else np.ravel(ts))


def _allowed(widget, name, value):
    """``value`` if the control ``widget`` can take it, else refused in words (a slider would quietly clamp it)."""
    if hasattr(widget, "options"):
        _checks.choice(value, name, [v for _, v in widget.options])
    elif isinstance(value, bool) or not isinstance(value, (int, float)) or not widget.min <= value <= widget.max:
        raise ValueError(f"{name} must be a number from {widget.min:g} to {widget.max:g}, got {value!r}.")
    return value


class Playground(EpochByEpoch, Demo):
    """TensorFlow Playground in a notebook: data, shape, activation, η, B and λ; Play, Step, Reset, New
    weights; a neuron inspector, the run as code, and Export."""

    _playing = None   # a weak reference to the playground that last started playing

    def __init__(self, data="circle", noise=0.0, train_fraction=0.5, data_seed=0, neurons=(4, 2),
                 activation="tanh", lr=0.3, batch_size=10, l2=0.0, seed=0):
        super().__init__()
        if not isinstance(neurons, (tuple, list)) or not 1 <= len(neurons) <= MAX_LAYERS or not all(
                isinstance(n, int) and 1 <= n <= MAX_NEURONS for n in neurons):
            raise ValueError(f"neurons must list 1 to {MAX_LAYERS} hidden layers of 1 to {MAX_NEURONS} neurons, "
                             f"such as (4, 2), got {neurons!r}.")
        add = self.add_control
        add("data", widgets.Dropdown(options=DATA_SETS, description="data"))
        add("noise", slider("noise", 0.0, 0.0, 1.5, 0.1, readout_format=".1f",
                            tooltip="noise: the standard deviation of the random shift of every point"))
        add("train_fraction", slider("training part", 0.5, 0.1, 0.9, 0.1, readout_format=".1f", tooltip=(
            "training part: the part of the points trained on; the rest are validation points")))
        add("data_seed", slider("data seed", 0, 0, 9))
        add("layers", slider("hidden layers", len(neurons), 1, MAX_LAYERS))
        for k in range(MAX_LAYERS):
            add(f"n{k + 1}", slider(f"layer {k + 1}", neurons[k] if k < len(neurons) else 2, 1, MAX_NEURONS,
                                    tooltip=f"neurons in hidden layer {k + 1}"))
        add("activation", widgets.Dropdown(options=ACTIVATIONS, description="activation", tooltip=(
            "the hidden neurons' activation (the output neuron's is the sigmoid)")))
        add("lr", widgets.SelectionSlider(options=[(fmt(v), v) for v in LEARNING_RATES], description="η", **ON_RELEASE))
        add("batch_size", slider("B", 1, 1, 50, tooltip="batch size B (at most the number of training points)"))
        add("l2", widgets.SelectionSlider(options=[(fmt(v), v) for v in L2_RATES], description="λ",
                                          tooltip="L2 regularisation rate λ (weight decay)", **ON_RELEASE))
        add("neuron", widgets.Dropdown(options=[("output neuron", (0, 0))], description="neuron",
                                       tooltip="the neuron the inspector shows"))
        add("point", slider("point", 0, 0, 1, tooltip="the training point the inspector shows"))
        chosen = {"data": data, "noise": noise, "train_fraction": train_fraction, "data_seed": data_seed,
                  "activation": activation, "lr": lr, "batch_size": batch_size, "l2": l2}
        self.put(**{name: _allowed(self.controls[name], name, value) for name, value in chosen.items()})
        self.play_button = widgets.ToggleButton(value=False, description="Play", icon="play",
                                                button_style="success", tooltip="train until paused")
        self.play_button.observe(self._on_play, names="value")
        self.add_button("step", "Step", self.train, tooltip="train one epoch")   # train(epochs=1)
        self.add_button("reset", "Reset", self.reset, tooltip="back to this run's starting weights")
        self.add_button("new_weights", "New weights", self.new_weights, tooltip="start from other random weights")
        self.add_button("code", "Show as code", self.show_code, tooltip="the lines of bplib that redo this run")
        self.add_button("export", "Export", lambda: self.export(), tooltip=f"write the weights and errors to "
                                                                          f"{EXPORT_FILE}")
        self.add_text("run", min_height="3em")
        self.add_text("inspector", min_height="12em")
        self.add_text("code", "")
        self.net_seed = seed
        self._task = None
        self.paused_at_limit = False
        self._code_shown = False
        self._make_figure()
        self.fig.canvas.mpl_connect("button_press_event", self._on_click)
        # A move redraws only the pictures, the connections, the points and the curves (with the frames and
        # keys over them); a new scale of the error or a new shape of the network draws the whole figure.
        self.animate(self.mosaic, self.connections, self.chosen_neuron, *self.plane.moving(), self.chosen_point,
                     *with_frame(self.ax_err, *self.curves))
        self.problem = None
        self.update()

    # -- the figure, made once ----------------------------------------------------------------------
    def redraw(self):
        """:meth:`Demo.redraw`, with the layout worked out without font hinting, as the texts are then drawn.

        matplotlib keeps a text's size once measured, with or without hinting (its cache does not tell them
        apart), and centres the text by it: a column's name first measured by a new layout (hinted) would be
        drawn a pixel away from the same name first measured while drawing (unhinted)."""
        with plots.fast_text():
            super().redraw()

    def _make_figure(self):
        self.fig, (self.ax_net, self.ax_plane, self.ax_err) = plots.new_figure(
            10.2, 4.2, ncols=3, layout="constrained", width_ratios=[1.25, 1, 1])
        ax = self.ax_net
        self.tile = GRID + GAP
        width, height = COLUMNS * self.tile - GAP, MAX_NEURONS * self.tile - GAP
        cmap = plots.DIVERGING.with_extremes(bad=(0, 0, 0, 0))   # empty places transparent
        self.mosaic = ax.imshow(np.ma.masked_all((height, width)), cmap=cmap, vmin=-1, vmax=1,
                                extent=(0, width, height, 0), interpolation="nearest")
        self.connections = LineCollection([], zorder=2, capstyle="round")
        ax.add_collection(self.connections)
        self.chosen_neuron = ax.add_patch(Rectangle((0, 0), GRID, GRID, fill=False, lw=2.5,
                                                    ec=plots.DELTA, zorder=3))
        ax.set(xlim=(-0.6 * self.tile, width + 2), ylim=(height + 2, -0.55 * self.tile), aspect="equal",
               title="every neuron's output over the plane")
        ax.axis("off")
        self.input_labels = [ax.text(-GAP, (k + 0.5) * self.tile - GAP / 2, name, ha="right", va="center")
                             for k, name in enumerate(("x₁", "x₂"))]
        # over every column of neurons its two possible names, made once: a hidden layer's, or y (the output's)
        self.column_labels = [[ax.text(2 * (k + 1) * self.tile + GRID / 2, -GAP, name, ha="center", va="bottom",
                                       visible=False) for name in (f"layer {k + 1}", "y")]
                              for k in range(MAX_LAYERS + 1)]

        self.plane = Plane(self.ax_plane, "the output y and the data", EXTENT, GRID, ([-3, 0, 3], [-3, 0, 3]),
                           sizes=(18, 22), aspect="equal")
        self.plane.legend(borderpad=0.3, handletextpad=0.2)
        (self.chosen_point,) = self.ax_plane.plot([], [], "o", ms=13, mfc="none", mec=plots.DELTA, mew=2.5,
                                                  zorder=4)

        self.curves = plots.error_curves(self.ax_err, "error E", ("training data", "validation data"))
        self.ax_err.yaxis.label.set_rotation(0)
        for axis in (self.ax_err.xaxis, self.ax_err.yaxis):   # few ticks: each label costs about 2 ms a frame
            axis.set_major_locator(MaxNLocator(nbins=4, integer=axis is self.ax_err.xaxis))
        self.ax_err.legend(loc="upper right")

    def layout(self):
        c = self.controls
        for w in c.values():    # three columns of controls in the notebook's width (about 830 px)
            w.layout.width = "265px"
        c["neuron"].layout.width = "300px"
        box = widgets.Layout(grid_gap="4px")
        data = widgets.VBox([c["data"], c["noise"], c["train_fraction"], c["data_seed"]], layout=box)
        shape = widgets.VBox([c["layers"], c["n1"], c["n2"], c["n3"], c["activation"]], layout=box)
        training = widgets.VBox([c["lr"], c["batch_size"], c["l2"]], layout=box)
        buttons = widgets.HBox([self.play_button, *self.buttons.values()],
                               layout=widgets.Layout(flex_flow="row wrap"))
        inspector = widgets.VBox([widgets.HBox([c["neuron"], c["point"]]), self.texts["inspector"]])
        return widgets.VBox([widgets.HBox([data, shape, training]), buttons, self.texts["run"], *self._canvas(),
                             inspector, self.texts["code"], self.status])

    # -- what is trained --------------------------------------------------------------------------------
    def _problem(self):
        """The settings that make a new data set or a new network: changing one starts again."""
        v = self.values()
        layers = v["layers"]
        return (v["data"], round(v["noise"], 1), round(v["train_fraction"], 1), v["data_seed"],
                tuple(v[f"n{k + 1}"] for k in range(layers)), v["activation"])

    def _settings(self):
        """η, B and λ for the next epoch (B at most the number of training points)."""
        v = self.values()
        return float(v["lr"]), min(int(v["batch_size"]), len(self.x)), float(v["l2"])

    @property
    def sizes(self):
        return [2, *self.problem[4], 1]

    def _build(self):
        """New data and a new network for the settings now chosen; playing stops."""
        self.pause()
        self.problem = self._problem()
        name, noise, fraction, data_seed, _, _ = self.problem
        x, t = plane_data(name, N_POINTS, noise=noise, seed=data_seed)
        self.test_fraction = round(1 - fraction, 1)
        self.x, self.t, self.x_val, self.t_val = train_test_split(x, t, test_fraction=self.test_fraction,
                                                                  seed=data_seed)
        self._start()

    def _start(self):
        """The network from ``self.net_seed``'s starting weights, untrained."""
        self._begin(Network(self.sizes, activation=self.problem[5], output_activation="sigmoid", seed=self.net_seed))
        self.segments = []            # [η, B, λ, first epoch, last epoch]: stretches of equal settings

    def train(self, epochs=1):
        """Train ``epochs`` more epochs with η, B and λ as now set; a divergence pauses Play."""
        lr, B, l2 = self._settings()
        first = self.epoch + 1
        self.fit_epochs(epochs, lr, B, l2)
        if self.diverged:
            self.pause()
        if self.epoch < first:
            return
        if self.segments and self.segments[-1][:3] == [lr, B, l2]:
            self.segments[-1][4] = self.epoch
        else:
            self.segments.append([lr, B, l2, first, self.epoch])

    def reset(self):
        """Reset: back to the starting weights this run began with (the same seed), untrained."""
        self.pause()
        self._start()

    def new_weights(self):
        """New weights: other random starting weights (the next seed), untrained."""
        self.pause()
        self.net_seed += 1
        self._start()

    # -- Play ---------------------------------------------------------------------------------------
    def pause(self):
        self.play_button.value = False

    def _on_play(self, change):
        self.play_button.description, self.play_button.icon = ("Pause", "pause") if change.new else ("Play", "play")
        if not change.new:
            return   # the loop sees it and stops after its frame
        self.paused_at_limit = False
        if self.diverged:
            self.play_button.value = False
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:   # no event loop (plain Python): tests drive play() themselves
            return
        other = Playground._playing() if Playground._playing is not None else None
        if other is not None and other is not self:
            other.pause()      # one playground plays at a time (an old one, say, from a cell run again)
        Playground._playing = weakref.ref(self)
        if self._task is None or self._task.done():
            self._task = asyncio.ensure_future(self.play())

    async def play(self, frames=None):
        """Train ``EPOCHS_PER_FRAME`` epochs and draw, frame after frame, while Play is pressed (at most
        ``frames`` frames, and ``PLAY_LIMIT`` epochs a press). Between frames the kernel reads the learner's
        slider moves. A frame that goes wrong (said in the status line) pauses it."""
        done, start, problem = 0, self.epoch, self.last_problem
        while self.play_button.value and (frames is None or done < frames):
            self._guarded(lambda: self.train(min(EPOCHS_PER_FRAME, start + PLAY_LIMIT - self.epoch)))
            if self.epoch >= start + PLAY_LIMIT:   # a Play forgotten in a tab does not run all day
                self.pause()
                self.paused_at_limit = True
            if self.last_problem is not problem:   # said in the status line, which an update would clear
                self.pause()
                return done + 1
            self._guarded(self.update)
            done += 1
            await asyncio.sleep(FRAME_PAUSE)
        return done

    # -- drawing ------------------------------------------------------------------------------------
    def _diagram(self, outputs):
        """The heat maps (one mosaic) and the connections (one LineCollection) for the network now."""
        sizes, act = self.sizes, self.problem[5]
        L = len(sizes) - 1
        pictures = np.full((MAX_NEURONS, COLUMNS, GRID, GRID), np.nan)
        columns = range(0, 2 * L + 1, 2)      # the inputs, the hidden layers and the output, every second column
        values = [self.plane.inputs / EXTENT[1]] + [_to_colour_scale(y, act) for y in outputs[:-1]] + \
                 [2 * outputs[-1] - 1]
        for column, v in zip(columns, values):
            for j in range(v.shape[1]):   # each picture upside down: the image's rows run downwards
                pictures[j, column] = v[:, j].reshape(GRID, GRID)[::-1]
        image = plots.mosaic(pictures.reshape(-1, GRID, GRID), COLUMNS, (GRID, GRID), gap=GAP)
        empty = np.isnan(image.data)      # the places of absent neurons: masked too, 0 under the mask
        self.mosaic.set_data(np.ma.array(np.where(empty, 0.0, image.data), mask=image.mask | empty))
        x = self.tile * np.array(columns)                          # each column's left edge
        y = self.tile * (np.arange(MAX_NEURONS) + 0.5) - GAP / 2   # each row's middle
        self.connections.set_segments([[(x[l] + GRID, y[i]), (x[l + 1], y[j])]
                                       for l, W in enumerate(self.net.weights) for j, i in np.ndindex(W.shape)])
        w = np.concatenate([W.ravel() for W in self.net.weights])   # in the same order
        self.connections.set_colors([plots.weight_colour(v) for v in w])
        self.connections.set_linewidths(np.minimum(0.4 + 1.5 * np.abs(w), 6.0))
        for k, (hidden, output) in enumerate(self.column_labels):   # the columns of the L − 1 hidden layers, then y
            hidden.set_visible(k < L - 1)
            output.set_visible(k == L - 1)
        layer, j = self.controls["neuron"].value
        self.chosen_neuron.set_xy((x[layer + 1], j * self.tile))   # (the mosaic's pixels are the diagram's units)

    def _on_click(self, event):
        """A click on a neuron's picture, or near a training point, chooses it for the inspector."""
        if event.inaxes is self.ax_net and event.xdata is not None:
            column, row = int(event.xdata // self.tile), int(event.ydata // self.tile)
            inside = event.xdata % self.tile < GRID and event.ydata % self.tile < GRID
            layer = column // 2 - 1                 # columns 2, 4, … hold layers 1, 2, … (0 the inputs)
            if inside and column % 2 == 0 and 0 <= layer < len(self.sizes) - 1 and row < self.sizes[layer + 1]:
                self.controls["neuron"].value = (layer, row)
        elif event.inaxes is self.ax_plane and event.xdata is not None:
            self.controls["point"].value = int(np.argmin(np.hypot(*(self.x - [event.xdata, event.ydata]).T)))

    def _sync_inspector_controls(self):
        """The neuron list, the point slider and the layer sliders follow the network's shape and the data."""
        neuron, point = self.controls["neuron"], self.controls["point"]
        hold, self._hold = self._hold, True
        try:
            for k in range(MAX_LAYERS):   # the sliders of the layers not used are greyed out
                self.controls[f"n{k + 1}"].disabled = k >= len(self.problem[4])
            L = len(self.sizes) - 1
            options = [(f"layer {l + 1}, neuron {j + 1}", (l, j)) for l in range(L - 1)
                       for j in range(self.sizes[l + 1])] + [("output neuron", (L - 1, 0))]
            if list(neuron.options) != options:
                chosen = neuron.value
                neuron.options = options
                neuron.value = chosen if chosen in [v for _, v in options] else options[0][1]
            if point.max != len(self.x) - 1:
                point.max = len(self.x) - 1
        finally:
            self._hold = hold

    def update(self):
        if self.problem != self._problem():
            self._build()
        self._sync_inspector_controls()
        self.net.forward(self.plane.inputs)     # every layer's outputs at every point of the plane's grid
        outputs = [y.copy() for y in self.net.y]
        self.plane.show_y(outputs[-1][:, 0])
        self._diagram(outputs)
        self.plane.show_points(self.x, self.t, self.x_val, self.t_val)
        p = self.controls["point"].value
        self.chosen_point.set_data([self.x[p, 0]], [self.x[p, 1]])
        plots.show_curves(self.curves, self.errors, self.val_errors)
        set_limits(self.ax_err, (0, plots.nice_up(max(self.epoch, 10))),
                   (0, plots.nice_up(max(max(self.errors), max(self.val_errors), 1e-3))))
        self.texts["run"].value = self._run_text()
        self.texts["inspector"].value = self._inspector_text()
        if self._code_shown:
            self.texts["code"].value = self._code_html()
        self.redraw_if_changed(self.problem, self.net_seed, self.epoch, self.diverged,
                               self.controls["neuron"].value, p)

    def weight_size(self):
        """Σw² over every weight (not the biases): what the L2 term ``(λ/2)·Σw²`` adds to the error, over λ/2."""
        with np.errstate(over="ignore"):   # weights near divergence: inf, said in words by _run_text
            return float(sum(np.sum(W * W) for W in self.net.weights))

    def _run_text(self):
        acc = accuracy(self.net.forward(self.x), self.t)
        acc_val = accuracy(self.net.forward(self.x_val), self.t_val)
        size = self.weight_size()
        text = (f"<b>Epoch {self.epoch}</b> · training data E = {fmt(self.errors[-1], 3)} "
                f"({100 * acc:.0f}% right, {len(self.x)} points) · validation data E = "
                f"{fmt(self.val_errors[-1], 3)} ({100 * acc_val:.0f}% right, {len(self.x_val)} points) · ")
        text += f"the weights' Σw² = {fmt(size, 3)}" if np.isfinite(size) else "the weights' Σw² is too large to write"
        if self.paused_at_limit:
            text += f"<br>Play paused after {PLAY_LIMIT:,} epochs in one go; press Play to go on.".replace(",", " ")
        if self.diverged:
            lr = self._settings()[0]
            text += "<br>" + warn(
                f"Training diverged in epoch {self.diverged}: the weights grew so large that the sums overflow. "
                f"Playing stopped; the weights are those after epoch {self.epoch}. Choose a smaller η than "
                f"{fmt(lr)} (or a smaller λ) and press Reset.")
        return text

    # -- the neuron inspector ---------------------------------------------------------------------------
    def _inspector_text(self):
        """One neuron at one training point: s, y and δ, and each incoming weight with ∂E/∂w."""
        layer, j = self.controls["neuron"].value
        p = self.controls["point"].value
        x, t = self.x[p:p + 1], self.t[p:p + 1]
        dW, db = self.net.backward(x, t)     # the error of this one point, E = ½(y − t)², without λ's term
        s, y, delta = (float(a[layer][0, j]) for a in (self.net.s, self.net.y, self.net.delta))
        names = ["x₁", "x₂"] if layer == 0 else [f"layer {layer}, neuron {i + 1}"
                                                 for i in range(self.sizes[layer])]
        inputs = x[0] if layer == 0 else self.net.y[layer - 1][0]
        rows = [[name, float(v), float(w), float(g)]
                for name, v, w, g in zip(names, inputs, self.net.weights[layer][j], dW[layer][j])]
        rows.append(["bias (input 1)", 1.0, float(self.net.biases[layer][j]), float(db[layer][j])])
        who = "the output neuron" if layer == len(self.sizes) - 2 else f"neuron {j + 1} of layer {layer + 1}"
        head = (f"<b>Inspector</b>: {who} at training point {p} (x₁ = {fmt(x[0, 0], 3)}, x₂ = {fmt(x[0, 1], 3)}, "
                f"t = {fmt(t[0, 0])}; ringed in the pictures): adder output s = {fmt(s)}, "
                f"y = f(s) = {fmt(y)}, error signal δ = ∂E/∂s = {fmt(delta)}.")
        note = ("∂E/∂w is the slope of this one point's error E = ½(y − t)² (net.backward on this point, "
                "without the λ term); training uses the average over each batch.")
        return head + plots.html_table(["input", "its value", "weight w", "∂E/∂w"], rows) + f"<small>{note}</small>"

    # -- the run as code, and Export ------------------------------------------------------------------
    def code(self):
        """The lines of ``bplib`` that redo this run: the same data, starting weights and epochs."""
        name, noise, _, data_seed, _, act = self.problem
        lines = ["import bplib",
                 "from bplib.data import plane_data",
                 "from bplib.training import train_test_split",
                 "",
                 f"x, t = plane_data({name!r}, n={N_POINTS}, noise={noise!r}, seed={data_seed})",
                 f"x_train, t_train, x_val, t_val = train_test_split(x, t, test_fraction={self.test_fraction!r}, "
                 f"seed={data_seed})",
                 f"net = bplib.Network({self.sizes}, activation={act!r}, output_activation='sigmoid', "
                 f"seed={self.net_seed})"]
        if self.segments:
            lines.append("# one epoch at a time, each shuffled from seed=epoch, as the playground trains")
        for lr, B, l2, first, last in self.segments:
            lines += [f"for epoch in range({first}, {last + 1}):",
                      f"    net.fit(x_train, t_train, lr={lr!r}, epochs=1, batch_size={B}, seed=epoch, l2={l2!r})"]
        return "\n".join(lines) + "\n"

    def _code_html(self):
        return (f"<b>This run as code</b> (epoch {self.epoch}; select and copy):"
                f"<pre style='font-size:0.85em;line-height:1.3'>{html.escape(self.code())}</pre>")

    def show_code(self):
        """Show as code: the panel under the figure shows :meth:`code`, kept up to date from now on."""
        self._code_shown = True
        self.texts["code"].value = self._code_html()

    def export(self, path=EXPORT_FILE):
        """Export: the network and its errors per epoch to a JSON file that :meth:`Network.load` reads back."""
        history = History(self.errors, lr=self._settings()[0])
        history.val_errors = list(self.val_errors)
        self.net.save(path, history=history)
        where = os.path.abspath(path)
        self.texts["code"].value = (f"Exported the weights after epoch {self.epoch} and the errors of every epoch "
                                    f"to <code>{where}</code>; <code>bplib.Network.load({path!r})</code> "
                                    f"reads the network back.")
        self._code_shown = False
        return where


def check_decay_factor(answer, lr=0.3, l2=0.1):
    """Exercise 4 of lesson 06: the factor ``1 − ηλ`` by which one update with the L2 rate λ multiplies a weight
    whose slope of the data error ``∂E/∂w`` is 0 (``w ← w − η(∂E/∂w + λw)``)."""
    lr = _checks.positive_number(lr, _checks.LR)
    l2 = _checks.number(l2, "l2 (the L2 rate λ)")
    return check(answer, 1 - lr * l2, f"the factor one update multiplies w by when η = {fmt(lr)}, λ = {fmt(l2)} "
                 f"and ∂E/∂w = 0", rel_tol=1e-3,
                 hint="put ∂E/∂w = 0 into w − η(∂E/∂w + λ·w) and take w out as a common factor.")


playground = Playground   # the builder the notebook calls is the demo's class
