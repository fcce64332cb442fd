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
LIGHT = "#FFFFFF"
HIGHLIGHT = "#F7EFA0"        # a pale version of the palette's yellow
NODE_SIZE = 8.5              # points: 9.4 px at the course's 80 dpi, inside the neurons
NODE_WIDTH = 6               # characters that fit in half a neuron at that size


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
    for digits in (4, 3, 2, 1):
        text = fmt(value, digits)
        if len(text) <= NODE_WIDTH:
            break
    return text


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
    if abs(y1) < 1e-9 and abs(y0) > 1e-9:
        return 0.65
    return 0.35


def _sub(i):
    return str(i + 1).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def key(highlight=False):
    """The key to the picture, as HTML for the text panel under it (a matplotlib legend would cost a
    quarter of every redraw): the two weight colours, δ's colour and (``highlight``) the lit stage."""
    items = [plots.swatch(plots.POSITIVE, "weight &gt; 0"),
             plots.swatch(plots.NEGATIVE, "weight &lt; 0 (wider: larger |w|)"),
             plots.swatch(plots.DELTA, "error signal δ = ∂E/∂s")]
    if highlight:
        items.append(plots.swatch(HIGHLIGHT, "this stage"))
    return ("<div style='display:flex;flex-wrap:wrap;gap:6px 24px;justify-content:center'>"
            + "".join(f"<span>{item}</span>" for item in items) + "</div>")


class NetworkDiagram:
    """The network drawn on ``ax``: made once, then changed by :meth:`update`.

    ``sizes`` as for :class:`~bplib.network.Network` (``[2, 3, 2, 1]``).
    ``show_values=False`` leaves out the numbers in and around the neurons
    (``s``, ``y``, ``b``, ``δ``; used while training, where only the weights
    matter); ``show_weights=False`` also leaves out the numbers on the
    connections (their colours and widths still show the weights).
    Numbers inside neurons are matplotlib texts with the gid ``"node-number"``.
    """

    def __init__(self, ax, sizes, show_values=True, show_weights=True):
        self.ax, self.sizes = ax, list(sizes)
        self.show_values, self.show_weights = show_values, show_weights
        L = self.L = len(sizes) - 1
        self.pos = {(layer, j): (DX * layer, DY * ((n - 1) / 2 - j))
                    for layer, n in enumerate(sizes) for j in range(n)}
        # -- connections: one line each, all in one collection --------------------------
        self.connections = [(layer, j, i) for layer in range(1, L + 1)
                            for j in range(sizes[layer]) for i in range(sizes[layer - 1])]
        segments = []
        for layer, j, i in self.connections:
            (x0, y0), (x1, y1) = self.pos[(layer - 1, i)], self.pos[(layer, j)]
            r0 = INPUT_RADIUS if layer == 1 else RADIUS
            segments.append([(x0 + r0, y0), (x1 - RADIUS, y1)])
        self.lines = LineCollection(segments, zorder=1, capstyle="round")
        ax.add_collection(self.lines, autolim=False)
        # -- neurons: inputs are small circles, neurons two half discs ------------------
        patches, self._patch_of = [], {}
        for i in range(sizes[0]):
            self._patch_of[(0, i)] = [len(patches)]
            patches.append(Circle(self.pos[(0, i)], INPUT_RADIUS))
        for layer in range(1, L + 1):
            for j in range(sizes[layer]):
                c = self.pos[(layer, j)]
                self._patch_of[(layer, j)] = [len(patches), len(patches) + 1]
                patches.append(Wedge(c, RADIUS, 90, 270))    # the adder Σ
                patches.append(Wedge(c, RADIUS, 270, 90))    # the activation f
        self.patches = PatchCollection(patches, zorder=2, match_original=False)
        ax.add_collection(self.patches, autolim=False)
        # -- every number and name: one matplotlib Text each, made once -------------------
        self.texts = {}

        def text(key, xy, node=False, **kw):
            t = ax.text(*xy, "", ha=kw.pop("ha", "center"), va=kw.pop("va", "center"), zorder=4,
                        fontsize=NODE_SIZE if node else None, **kw)
            t.set_in_layout(False)   # inside the axes' limits: constrained layout need not measure it
            if node:
                t.set_gid("node-number")
            self.texts[key] = t

        box = dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none")
        mid = 0.0   # the diagram's middle line: neurons sit symmetrically above and below it
        for (layer, j, i), ((x0, y0), (x1, y1)) in zip(self.connections, segments):
            frac = _label_at(y0 - mid, y1 - mid, from_input=layer == 1)
            angle = np.degrees(np.arctan2(y1 - y0, x1 - x0))
            text(("w", layer, j, i), (x0 + frac * (x1 - x0), y0 + frac * (y1 - y0)),
                 rotation=angle, rotation_mode="anchor", bbox=box)
        for i in range(sizes[0]):
            text(("x", i), self.pos[(0, i)], node=True)
        for layer in range(1, L + 1):
            for j in range(sizes[layer]):
                cx, cy = self.pos[(layer, j)]
                text(("s", layer, j), (cx - RADIUS / 2, cy), node=True)
                text(("y", layer, j), (cx + RADIUS / 2, cy), node=True)
                text(("b", layer, j), (cx, cy - RADIUS - 0.08), va="top")
                text(("delta", layer, j), (cx, cy + RADIUS + 0.08), va="bottom", color=plots.DELTA)
        for k in range(sizes[-1]):
            cx, cy = self.pos[(L, k)]
            text(("t", k), (cx + RADIUS + 0.15, cy), ha="left")
        bottom = -DY * (max(sizes) - 1) / 2 - RADIUS - (0.55 if show_values else 0.2)
        names = ["inputs"] + [f"layer {layer}" for layer in range(1, L)] + [
            f"layer {L} (output)" if show_values else "output"]
        for layer, name in enumerate(names):
            text(("caption", layer), (DX * layer, bottom), va="top", color=plots.GREY)
            self.texts[("caption", layer)].set_text(name)
        right = DX * L + RADIUS + (1.5 if show_values else 0.3)
        top = DY * (max(sizes) - 1) / 2 + RADIUS + (0.4 if show_values else 0.1)
        ax.set_xlim(-INPUT_RADIUS - 0.1, right)
        ax.set_ylim(bottom - 0.35, top)
        ax.set_aspect("equal")
        ax.set_axis_off()
        self._n_patches = len(patches)

    def label(self, key):
        """The text on screen for ``key`` (``("w", 1, 0, 0)``, ``("s", 2, 1)``, ...)."""
        return self.texts[key].get_text()

    # -- updating -------------------------------------------------------------------------
    def update(self, net, highlight=None, values=None, shown=None):
        """Show ``net``'s weights and the numbers in ``values`` (see :func:`values_for`).

        ``highlight`` is a :class:`~bplib.stages.Stage` (or anything with
        ``neurons``, ``connections`` and ``key``): its neurons and connections
        are lit and the rest faded, and the number it works out is bold.
        ``shown`` is the set of keys whose numbers are written (``None``:
        every key in ``values``). ``values`` may also hold
        ``("w", layer, j, i)`` or ``("b", layer, j)`` to show a weight or bias
        other than ``net``'s (a weight after its update).
        """
        values = {} if values is None else values
        visible = set(values) if shown is None else set(shown)
        neurons = set(getattr(highlight, "neurons", ()) or ())
        lit = set(getattr(highlight, "connections", ()) or ())
        key = getattr(highlight, "key", None)
        on = highlight is None

        def value(k):
            v = values.get(k) if k in visible else None
            return None if v is None or not np.isfinite(v) else v

        def put(k, words, alpha=1.0, bold=None):
            t = self.texts[k]
            t.set_text(words)
            t.set_alpha(alpha)
            t.set_fontweight("bold" if (k == key if bold is None else bold) else "normal")

        # Connections: colour by sign, width by size, faded unless involved.
        line_colours, widths = [], []
        for c in self.connections:
            layer, j, i = c
            w = values.get(("w", layer, j, i), net.weights[layer - 1][j, i])
            w = float(w) if np.isfinite(w) else 0.0
            involved = on or c in lit
            line_colours.append(to_rgba(plots.weight_colour(w), 1.0 if involved else 0.25))
            widths.append(line_width(w) * (1.4 if c in lit else 1.0))
            put(("w",) + c, fmt(w) if self.show_weights else "", 1.0 if involved else 0.45)
        self.lines.set_color(line_colours)
        self.lines.set_linewidth(widths)
        # Neurons: lit ones pale yellow with a black edge.
        face, edge, lw = [LIGHT] * self._n_patches, [plots.GREY] * self._n_patches, [0.8] * self._n_patches
        for n in neurons & set(self._patch_of):
            for p in self._patch_of[n]:
                face[p], edge[p], lw[p] = HIGHLIGHT, plots.BLACK, 1.8
        self.patches.set_facecolor(face)
        self.patches.set_edgecolor(edge)
        self.patches.set_linewidth(lw)
        # Numbers in and around the neurons.
        for i in range(self.sizes[0]):
            v = values.get(("x", i))
            v = None if v is None or not np.isfinite(v) else v
            put(("x", i), f"x{_sub(i)}" + ("" if v is None else f"\n{short(v)}"))
        for layer in range(1, self.L + 1):
            for j in range(self.sizes[layer]):
                near = 1.0 if on or (layer, j) in neurons else 0.55
                s, y = value(("s", layer, j)), value(("y", layer, j))
                put(("s", layer, j), "Σ" if s is None else f"Σ\n{short(s)}", near)
                put(("y", layer, j), "f" if y is None else f"f\n{short(y)}", near)
                b = values.get(("b", layer, j), net.biases[layer - 1][j])
                b = float(b) if np.isfinite(b) else 0.0
                put(("b", layer, j), f"b = {fmt(b)}" if self.show_values else "", near)
                d = value(("delta", layer, j))
                put(("delta", layer, j), "" if d is None else f"δ = {fmt(d)}")
        for k in range(self.sizes[-1]):
            lines = []
            t = values.get(("t", k))
            if t is not None and np.isfinite(t):
                lines.append(f"t = {fmt(t)}")
            e, E = value(("e", k)), value(("E",))
            if e is not None:
                lines.append(f"e = {fmt(e)}")
            if E is not None and k == self.sizes[-1] - 1:
                lines.append(f"E = {fmt(E)}")
            put(("t", k), "\n".join(lines), bold=key in (("e", k), ("E",), ("E_new",)))
