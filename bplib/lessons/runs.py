"""Training runs that a demo shows while they go on: lessons 06 and 07 and the playground.

* :func:`fit` — ``net.fit`` that reports a divergence instead of raising, with the time of every epoch;
* :class:`EpochByEpoch` — training one epoch at a time, with the training and validation errors;
* :class:`LiveRun` — a progress bar, and the figure redrawn now and then while a run goes on, in a
  :class:`LiveDemo`;
* :func:`slider`, :func:`lr_slider` and :data:`ON_RELEASE` — sliders whose move trains act when released;
* :func:`set_limits` and :func:`with_frame` — for a demo that redraws only what a move changes
  (:meth:`Demo.animate <bplib.lessons._demo.Demo.animate>`).
"""

import math
import time

import ipywidgets as widgets

from .. import _checks
from ..fmt import fmt
from ..network import DivergenceError
from ..training import Stopwatch
from ._demo import Demo

#: Slider options for a setting that trains or rebuilds: it acts when released, not at every step of a drag.
ON_RELEASE = {"continuous_update": False}


def slider(description, value, lo, hi, step=1, **kw):
    """A slider acting when released: an ``IntSlider`` for a whole-number ``step``, else a ``FloatSlider``."""
    cls = widgets.IntSlider if isinstance(step, int) else widgets.FloatSlider
    return cls(value=value, min=lo, max=hi, step=step, description=description, **ON_RELEASE, **kw)


def lr_slider(rates, lr):
    """The η slider over ``rates`` (labelled as the text writes η), at the one nearest ``lr`` on a log scale."""
    lr = _checks.positive_number(lr, _checks.LR)
    return widgets.SelectionSlider(options=[(fmt(v, 3), v) for v in rates], description="η",
                                   value=min(rates, key=lambda v: abs(math.log(v / lr))), **ON_RELEASE)


def set_limits(ax, x=None, y=None):
    """Give ``ax`` the x limits ``x`` and the y limits ``y`` (pairs; ``None`` keeps them), only where they change.

    matplotlib marks the figure stale at every ``set_xlim``, even to the limits it has, and a stale figure is
    drawn in full rather than blitted (:meth:`Demo.animate <bplib.lessons._demo.Demo.animate>`).
    """
    for limits, get, put in ((x, ax.get_xlim, ax.set_xlim), (y, ax.get_ylim, ax.set_ylim)):
        if limits is not None and tuple(float(v) for v in limits) != tuple(float(v) for v in get()):
            put(*limits)


def with_frame(ax, *artists):
    """``artists`` of ``ax`` together with what a full draw puts over them there: the axes' frame (the
    spines, over a line on the axes' edge and the rim of a picture) and its legend, for
    :meth:`Demo.animate <bplib.lessons._demo.Demo.animate>`, which draws the artists it is given last."""
    legend = ax.get_legend()
    if legend is None:
        return [*artists, *ax.spines.values()]
    # Drawing a legend sets its parts' positions, and each part tells the axes it changed (an animated
    # artist tells nobody, its parts do): the figure would be stale after every draw and never blitted.
    # An animated legend is drawn again whenever the figure is, so its parts need not tell anyone.
    for part in legend.findobj(include_self=False):
        part.stale_callback = None
    return [*artists, *ax.spines.values(), legend]


def fit(net, x, t, lr, epochs, batch_size=None, x_val=None, t_val=None, seed=0, each=None, max_seconds=None):
    """``net.fit`` that never raises on divergence: returns ``(errors, val_errors, seconds, diverged)``.

    ``seconds[k]`` is the time when epoch ``k`` ended (``seconds[0] = 0``);
    ``diverged`` is the epoch in which training diverged, or ``None`` (the net keeps the last good weights).
    ``each(epoch, history, watch)`` is called after every epoch
    (``watch.seconds`` holds the times so far). ``max_seconds`` stops a run that takes too long.
    """
    seen = {}

    def then(epoch, history):
        seen["history"] = history
        if each is not None:
            each(epoch, history, watch)

    watch = Stopwatch(max_seconds=max_seconds, then=then)
    try:
        history = net.fit(x, t, lr, epochs, batch_size=batch_size, x_val=x_val, t_val=t_val, seed=seed, callback=watch)
        diverged = None
    except DivergenceError:
        history = seen.get("history")
        diverged = (history.epochs if history else 0) + 1
    if history is None:  # diverged in the very first epoch
        return [net.error(x, t)], ([net.error(x_val, t_val)] if x_val is not None else []), [0.0], 1
    return list(history.errors), list(history.val_errors), [0.0] + watch.seconds, diverged


class EpochByEpoch:
    """Training one epoch at a time, each exactly ``net.fit(x, t, lr, epochs=1, batch_size=B, seed=epoch, l2=λ)``,
    with the error on the training data ``x, t`` and on the validation data ``x_val, t_val`` after every epoch
    (the playground, and lesson 06's noise demo). After a divergence the weights of the last good epoch stay."""

    def _begin(self, net):
        """Start from ``net``, untrained: its errors before the first epoch."""
        self.net, self.diverged = net, None
        self.errors, self.val_errors = [net.error(self.x, self.t)], [net.error(self.x_val, self.t_val)]

    @property
    def epoch(self):
        """How many epochs the network has been trained."""
        return len(self.errors) - 1

    def fit_epochs(self, epochs, lr, batch_size=None, l2=0.0, each=None):
        """``epochs`` more epochs (none once diverged: ``self.diverged`` is the epoch it diverged in), calling
        ``each(epoch)`` after every one."""
        for _ in range(epochs):
            if self.diverged:
                return
            epoch = self.epoch + 1
            try:
                history = self.net.fit(self.x, self.t, lr, 1, batch_size=batch_size, x_val=self.x_val,
                                       t_val=self.t_val, seed=epoch, l2=l2)
            except DivergenceError:   # fit has kept the weights of the last good epoch
                self.diverged = epoch
                return
            self.errors.append(history.errors[-1])
            self.val_errors.append(history.val_errors[-1])
            if each is not None:
                each(epoch)


class LiveRun:
    """A progress bar, and a figure redrawn now and then while a long run goes on.

    ``start(total)`` resets the bar; ``step(done)`` moves it and, at most
    every ``every`` seconds, calls ``draw()`` and pushes the figure to the
    browser at once (:meth:`Demo.redraw`: ``draw_idle`` would wait until the
    run is over, because the kernel is busy). Only once the demo's widget
    exists (it is on the page): a demo training while it is being made,
    before the cell shows it, has no one to show frames to. The bar is
    labelled "progress", never like a slider of the demo.
    """

    def __init__(self, demo, description="progress", every=0.3):
        self.demo, self.every = demo, every
        self.bar = widgets.IntProgress(value=0, min=0, max=1, description=description)
        self.last = time.perf_counter()

    def start(self, total):
        self.bar.max = max(int(total), 1)
        self.bar.value = 0
        self.last = time.perf_counter()

    def step(self, done, draw=None):
        self.bar.value = min(int(done), self.bar.max)
        if draw is not None and time.perf_counter() - self.last >= self.every and self.demo._widget is not None:
            draw()
            self.demo.redraw()
            self.last = time.perf_counter()

    def finish(self):
        self.bar.value = self.bar.max


class LiveDemo(Demo):
    """A demo that trains while the learner watches: its progress bar ``self.live`` (a :class:`LiveRun`)."""

    def __init__(self):
        super().__init__()
        self.live = LiveRun(self)

    def layout(self):
        """The sliders beside the buttons and the progress bar, then the figure and the text panels."""
        controls = widgets.HBox([widgets.VBox(list(self.controls.values())),
                                 widgets.VBox([widgets.HBox(list(self.buttons.values())), self.live.bar])],
                                layout=widgets.Layout(grid_gap="24px", align_items="flex-start"))
        return widgets.VBox([controls, *self._canvas(), *self.texts.values(), self.status])
