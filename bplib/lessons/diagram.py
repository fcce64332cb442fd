"""A picture of a small network, drawn once and updated in place (lesson 05).

Each neuron is a circle cut in two: the left half is the adder ``Σ`` (its
number is ``s``), the right half the activation ``f`` (its number is
``y = f(s)``). Each connection is a line coloured by the sign of its weight
(blue positive, vermilion negative, :mod:`bplib.lessons.plots`' colours) and as wide
as the weight is large, with the weight written along it. The bias is
written under its neuron and the error signal ``δ`` above it, in
:data:`bplib.lessons.plots.DELTA`; :func:`key` explains the colours.

    >>> from bplib import Network
    >>> from bplib.lessons import plots
    >>> fig, ax = plots.new_figure(10.4, 5.0, layout="constrained")
    >>> net = Network([2, 3, 2, 1], seed=0)
    >>> net.weights[0] = [[0.1, 0.8], [0.4, 0.6], [-0.3, 0.5]]
    >>> picture = NetworkDiagram(ax, net.sizes)
    >>> picture.update(net, values=values_for(net, [0.35, 0.9], 1.0))
    >>> picture.label(("s", 1, 0)), picture.label(("w", 1, 2, 0))    # 0.1·0.35 + 0.8·0.9 + 0
    ('Σ\\n0.755', '−0.3')

:meth:`NetworkDiagram.update` changes colours, widths and texts of the
artists made once in the constructor; it never makes new ones.

Every number is a matplotlib ``Text``, and with matplotlib 3.11 each costs
about 0.4 ms a line plus 0.1 ms a character at every redraw (Agg): the texts
set how fast a slider answers. So a demo writes only the numbers its lesson
talks about (``numbers``), and a highlighted stage only its own weights.

Numbering, as in :mod:`bplib.stages`: layer 0 is the inputs, layer 1 the
first layer of neurons; ``j`` counts from 0; connection ``(layer, j, i)`` is
weight ``net.weights[layer − 1][j, i]``.
"""

import numpy as np
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import Circle, Wedge

from . import plots
from ..fmt import fmt

DX, DY = 3.0, 1.8            # distance between layers, between neurons of a layer
RADIUS, INPUT_RADIUS = 0.62, 0.48
HIGHLIGHT = "#F7EFA0"        # a pale version of the palette's yellow
NODE_SIZE = 8.5              # points: 9.4 px at the course's 80 dpi, inside the neurons
NODE_WIDTH = 6               # characters that fit in half a neuron at that size
NUMBERS = ("w", "b", "s", "y", "delta", "t")   # the kinds of numbers a diagram can write
SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


# -- the numbers of one example ---------------------------------------------------------------
def values_for(net, x, t=None):
    """Every number of one example's forward (and, given ``t``, backward) pass, by key.

    Keys as in :mod:`bplib.stages`: ``("x", i)``, ``("s", layer, j)``,
    ``("y", layer, j)``, and with ``t`` also ``("t", k)``, ``("e", k)``,
    ``("E",)`` and ``("delta", layer, j)``.
    """
    x = np.asarray(x, dtype=float).reshape(-1)
    out = {("x", i): float(v) for i, v in enumerate(x)}
    if t is None:
        net.forward(x)
    else:
        t = np.asarray(t, dtype=float).reshape(-1)
        net.backward(x, t)
        for k, tk in enumerate(t):
            out[("t", k)] = float(tk)
            out[("e", k)] = float(net.y[-1][k] - tk)
        out[("E",)] = float(0.5 * np.sum((net.y[-1] - t) ** 2))
        for l, d in enumerate(net.delta):
            out.update({("delta", l + 1, j): float(v) for j, v in enumerate(d)})
    for l, (s, y) in enumerate(zip(net.s, net.y)):
        out.update({("s", l + 1, j): float(v) for j, v in enumerate(s)})
        out.update({("y", l + 1, j): float(v) for j, v in enumerate(y)})
    return out


def line_width(w):
    """Line width for a weight: thin near 0, thicker with ``|w|``, capped at ``|w| = 6``."""
    return 0.6 + 0.6 * min(abs(float(w)), 6.0)


def short(value):
    """``value`` in :func:`bplib.fmt.fmt`'s format, with fewer digits if it would not fit in half a neuron.

    >>> short(0.6803), short(-0.041352), short(6.144e-06)
    ('0.6803', '−0.041', '6×10⁻⁶')
    """
    return next((text for text in (fmt(value, d) for d in (4, 3, 2)) if len(text) <= NODE_WIDTH), fmt(value, 1))


def _label_at(y0, y1, from_input=False):
    """Where along a line (0 at its source, 1 at its target) its weight is written.

    ``y0`` and ``y1`` are the ends' heights above the diagram's middle. A line that
    crosses the middle meets the other lines there, so its label goes near its
    source (past the number in a neuron's right half); a line that stays on one
    side is labelled near its target, where the crossing lines have not come yet;
    a line into the middle late, out of it early.
    """
    if y0 * y1 < -1e-9:
        return 0.1 if from_input else 0.3
    if y0 * y1 > 1e-9:
        return 0.75
    return 0.65 if abs(y1) < 1e-9 and abs(y0) > 1e-9 else 0.35


def key(highlight=False):
    """The key to the picture, as HTML for the text panel under it (a matplotlib legend would cost a
    quarter of every redraw): the two weight colours, δ's colour and (``highlight``) the lit stage."""
    items = [plots.swatch(plots.POSITIVE, "weight &gt; 0"),
             plots.swatch(plots.NEGATIVE, "weight &lt; 0 (wider: larger |w|)"),
             plots.swatch(plots.DELTA, "error signal δ = ∂E/∂s")] + (
        [plots.swatch(HIGHLIGHT, "this stage")] if highlight else [])
    return ("<div style='display:flex;flex-wrap:wrap;gap:6px 24px;justify-content:center'>"
            + "".join(f"<span>{item}</span>" for item in items) + "</div>")


class NetworkDiagram:
    """The network drawn on ``ax``: made once, then changed by :meth:`update`.

    ``sizes`` as for :class:`~bplib.network.Network` (``[2, 3, 2, 1]``).
    ``numbers`` are the kinds of numbers written (:data:`NUMBERS`): weights
    ``"w"`` along the connections (with a highlighted stage, only its own),
    biases ``"b"`` under the neurons, ``"s"`` and ``"y"`` in them (under the
    names ``Σ`` and ``f``), ``"delta"`` above them, and ``"t"`` (``t``, ``e``
    and ``E``) beside the output. The inputs' names ``x₁``, ``x₂`` and the
    layers' captions are always written, and the colours and widths of the
    connections always show every weight.
    Numbers inside neurons are matplotlib texts with the gid ``"node-number"``.
    """

    def __init__(self, ax, sizes, numbers=NUMBERS):
        if not set(numbers) <= set(NUMBERS):
            raise ValueError(f"numbers must be some of {NUMBERS}, got {tuple(numbers)}.")
        self.ax, self.sizes = ax, list(sizes)
        L = len(sizes) - 1
        self.pos = {(layer, j): (DX * layer, DY * ((n - 1) / 2 - j))
                    for layer, n in enumerate(sizes) for j in range(n)}
        self.neurons = [(layer, j) for layer in range(1, L + 1) for j in range(sizes[layer])]
        # -- connections: one line each, all in one collection --------------------------
        self.connections = [(layer, j, i) for layer, j in self.neurons for i in range(sizes[layer - 1])]
        segments = []
        for layer, j, i in self.connections:
            (x0, y0), (x1, y1) = self.pos[(layer - 1, i)], self.pos[(layer, j)]
            segments.append([(x0 + (INPUT_RADIUS if layer == 1 else RADIUS), y0), (x1 - RADIUS, y1)])
        self.lines = ax.add_collection(LineCollection(segments, zorder=1, capstyle="round"), autolim=False)
        # -- inputs are small circles, neurons two half discs: the adder Σ, the activation f --
        inputs = [(0, i) for i in range(sizes[0])]
        self.patch_owner = inputs + [n for n in self.neurons for _ in range(2)]
        patches = [Circle(self.pos[n], INPUT_RADIUS) for n in inputs] + [
            Wedge(self.pos[n], RADIUS, a, b) for n in self.neurons for a, b in ((90, 270), (270, 90))]
        self.patches = ax.add_collection(PatchCollection(patches, zorder=2, match_original=False), autolim=False)
        # -- every number and name: one matplotlib Text each, made once -------------------
        self.texts = {}

        def text(key, xy, words="", node=False, **kw):
            self.texts[key] = ax.text(*xy, words, **{"ha": "center", "va": "center", **kw}, zorder=4,
                                      fontsize=NODE_SIZE if node else None, gid="node-number" if node else None)
            # numbers sit inside the axes: constrained layout measures only the captions, which may stick out
            self.texts[key].set_in_layout(key[0] == "caption")

        box = dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none")
        for (layer, j, i), ((x0, y0), (x1, y1)) in zip(self.connections, segments if "w" in numbers else []):
            frac = _label_at(y0, y1, from_input=layer == 1)   # y = 0 is the diagram's middle line
            text(("w", layer, j, i), (x0 + frac * (x1 - x0), y0 + frac * (y1 - y0)),
                 rotation=np.degrees(np.arctan2(y1 - y0, x1 - x0)), rotation_mode="anchor", bbox=box)
        for i in range(sizes[0]):
            text(("x", i), self.pos[(0, i)], node=True)
        for layer, j in self.neurons:
            cx, cy = self.pos[(layer, j)]
            for kind, dx in (("s", -RADIUS / 2), ("y", RADIUS / 2)):
                if kind in numbers:
                    text((kind, layer, j), (cx + dx, cy), node=True)
            if "b" in numbers:
                text(("b", layer, j), (cx, cy - RADIUS - 0.08), va="top")
            if "delta" in numbers:
                text(("delta", layer, j), (cx, cy + RADIUS + 0.08), va="bottom", color=plots.DELTA)
        for k in range(sizes[-1] if "t" in numbers else 0):
            text(("t", k), (self.pos[(L, k)][0] + RADIUS + 0.15, self.pos[(L, k)][1]), ha="left")
        bottom = -DY * (max(sizes) - 1) / 2 - RADIUS - (0.55 if "b" in numbers else 0.2)
        names = ["inputs"] + [f"layer {layer}" for layer in range(1, L)] + [
            f"layer {L} (output)" if numbers else "output"]
        for layer, name in enumerate(names):
            text(("caption", layer), (DX * layer, bottom), name, va="top", color=plots.GREY)
        #: what :meth:`update` changes: the lines, the neurons and every number (the captions stay put)
        self.moving = [self.lines, self.patches] + [t for key, t in self.texts.items() if key[0] != "caption"]
        ax.set_xlim(-INPUT_RADIUS - 0.1, DX * L + RADIUS + (1.5 if "t" in numbers else 0.3))
        ax.set_ylim(bottom - 0.35, DY * (max(sizes) - 1) / 2 + RADIUS + (0.4 if "delta" in numbers else 0.1))
        ax.set_aspect("equal")
        ax.set_axis_off()

    def label(self, key):
        """The text on screen for ``key`` (``("w", 1, 0, 0)``, ``("s", 2, 1)``, ...)."""
        return self.texts[key].get_text()

    # -- updating -------------------------------------------------------------------------
    def update(self, net, highlight=None, values=None):
        """Show ``net``'s weights and the numbers in ``values`` (see :func:`values_for`).

        Only the numbers in ``values`` are written (a stage not yet worked out
        shows just its letter). ``highlight`` is a :class:`~bplib.stages.Stage`
        (or anything with ``neurons``, ``connections`` and ``key``): its neurons
        and connections are lit and the rest faded, and the number it works out
        is bold. ``values`` may also hold ``("w", layer, j, i)`` or
        ``("b", layer, j)`` to show a weight or bias other than ``net``'s (a
        weight after its update).
        """
        values = {} if values is None else values
        neurons = set(getattr(highlight, "neurons", ()) or ())
        lit = set(getattr(highlight, "connections", ()) or ())
        bold = getattr(highlight, "key", None)

        def number(k, default=None):
            v = values.get(k, default)
            return None if v is None or not np.isfinite(v) else float(v)

        def put(k, words, alpha=1.0, strong=False):
            if k in self.texts:
                self.texts[k].set_text(words)
                self.texts[k].set_alpha(alpha)
                self.texts[k].set_fontweight("bold" if strong or k == bold else "normal")

        # Connections: colour by sign, width by size, faded unless involved.
        involved = [highlight is None or c in lit for c in self.connections]
        weights = [number(("w",) + c, net.weights[c[0] - 1][c[1], c[2]]) or 0.0 for c in self.connections]
        self.lines.set_color([to_rgba(plots.weight_colour(w), 1.0 if on else 0.25)
                              for w, on in zip(weights, involved)])
        self.lines.set_linewidth([line_width(w) * (1.4 if c in lit else 1.0)
                                  for w, c in zip(weights, self.connections)])
        for c, w, on in zip(self.connections, weights, involved):
            put(("w",) + c, fmt(w) if on else "")
        # Neurons: lit ones pale yellow with a black edge.
        lit_patch = [n in neurons for n in self.patch_owner]
        self.patches.set_facecolor([HIGHLIGHT if on else "white" for on in lit_patch])
        self.patches.set_edgecolor([plots.BLACK if on else plots.GREY for on in lit_patch])
        self.patches.set_linewidth([1.8 if on else 0.8 for on in lit_patch])
        # Numbers in and around the neurons.
        for i in range(self.sizes[0]):
            v = number(("x", i))
            put(("x", i), f"x{str(i + 1).translate(SUBSCRIPT)}" + ("" if v is None else f"\n{short(v)}"))
        for layer, j in self.neurons:
            near = 1.0 if highlight is None or (layer, j) in neurons else 0.55
            for kind, letter in (("s", "Σ"), ("y", "f")):
                v = number((kind, layer, j))
                put((kind, layer, j), letter if v is None else f"{letter}\n{short(v)}", near)
            put(("b", layer, j), f"b = {fmt(number(('b', layer, j), net.biases[layer - 1][j]) or 0.0)}", near)
            d = number(("delta", layer, j))
            put(("delta", layer, j), "" if d is None else f"δ = {fmt(d)}")
        last = self.sizes[-1] - 1
        for k in range(last + 1):
            shown = [(name, number(key)) for name, key in (("t", ("t", k)), ("e", ("e", k)), ("E", ("E",)))
                     if name != "E" or k == last]
            put(("t", k), "\n".join(f"{name} = {fmt(v)}" for name, v in shown if v is not None),
                strong=bold in (("e", k), ("E",), ("E_new",)))
