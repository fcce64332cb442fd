"""A picture of a small network, drawn once and updated in place (lesson 05).

Each neuron is a circle cut in two: the left half is the adder ``Σ`` (its
number is ``s``), the right half the activation ``f`` (its number is
``y = f(s)``). Each connection is a line coloured by the sign of its weight
(blue positive, vermilion negative, :mod:`bplib.plots`' colours) and as wide
as the weight is large, with the weight written on it. The bias is written
under its neuron and the error signal ``δ`` above it.

    >>> from bplib import Network, plots
    >>> fig, ax = plots.new_figure(7.2, 3.6)
    >>> net = Network([2, 3, 2, 1], seed=0)
    >>> net.weights[0] = [[0.1, 0.8], [0.4, 0.6], [-0.3, 0.5]]
    >>> picture = NetworkDiagram(ax, net.sizes)
    >>> picture.update(net, values=values_for(net, [0.35, 0.9], 1.0))
    >>> picture.label(("s", 1, 0)), picture.label(("w", 1, 2, 0))    # 0.1·0.35 + 0.8·0.9 + 0
    ('Σ\\n0.755', '−0.3')

:meth:`NetworkDiagram.update` changes colours, widths and texts of the
artists made once in the constructor; it never makes new ones. The whole
picture is four artists: one line collection for the connections, one patch
collection for the neurons, and the numbers, which are drawn as the outlines
of their letters in one collection (:class:`GlyphLabels`): a matplotlib
``Text`` costs about a millisecond to draw on this kind of machine, and a
diagram needs some forty of them.

Numbering, as in :mod:`bplib.stages`: layer 0 is the inputs, layer 1 the
first layer of neurons; ``j`` counts from 0; connection ``(layer, j, i)`` is
weight ``net.weights[layer − 1][j, i]``.
"""

import numpy as np
from matplotlib.collections import LineCollection, PatchCollection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Circle, Wedge
from matplotlib.path import Path
from matplotlib.textpath import TextPath
from matplotlib.transforms import Affine2D

from . import plots
from .stages import fmt

DX, DY = 1.8, 1.45           # distance between layers, between neurons of a layer
RADIUS, INPUT_RADIUS = 0.47, 0.32
LIGHT = "#FFFFFF"
HIGHLIGHT = "#F7EFA0"        # a pale version of the palette's yellow
DELTA_COLOUR = plots.PURPLE


# -- labels drawn as letter outlines ---------------------------------------------------------
class _PointsCollection(PathCollection):
    """Paths given in points (1/72 inch), placed at offsets in data coordinates."""

    def draw(self, renderer):
        self.set_transform(Affine2D().scale(renderer.points_to_pixels(1.0)))
        super().draw(renderer)


_EMPTY = Path(np.zeros((1, 2)), [Path.MOVETO])


class GlyphLabels:
    """Many short labels drawn as ONE collection of letter outlines, with optional white boxes.

    ``positions`` are in data coordinates (or in ``transform``'s, such as
    ``ax.transAxes``); ``ha`` is ``"center"``, ``"left"`` or ``"right"`` per
    label. :meth:`update` sets every label's text, colour, transparency and
    boldness at once. ``strings`` holds the texts on screen (what
    :meth:`bplib.lessons._demo.Demo.shown` should see).

    A matplotlib ``Text`` is laid out and rasterised glyph by glyph at every
    draw, about a millisecond each here; these labels are filled paths in
    one collection, their outlines cached per character.
    """

    _glyphs = {}
    _paths = {}

    def __init__(self, ax, positions, size=7.0, ha=None, boxed=None, zorder=4, transform=None):
        n = len(positions)
        self.size = float(size)
        ha = [ha] * n if isinstance(ha, str) else ha
        self.ha = list(ha) if ha is not None else ["center"] * n
        self.boxed = np.zeros(n, bool) if boxed is None else np.asarray(boxed, bool)
        self.strings = [""] * n
        common = dict(offsets=np.asarray(positions, float),
                      offset_transform=ax.transData if transform is None else transform)
        self.boxes = _PointsCollection([_EMPTY] * n, facecolors=(1, 1, 1, 0.85), edgecolors="none",
                                       zorder=zorder - 0.5, **common)
        self.letters = _PointsCollection([_EMPTY] * n, facecolors=plots.BLACK, edgecolors="none",
                                         zorder=zorder, **common)
        for collection in (self.boxes, self.letters):
            ax.add_collection(collection, autolim=False)
            collection.set_clip_on(False)   # titles and axis numbers sit outside the axes

    @classmethod
    def _glyph(cls, ch, size, bold):
        key = (ch, size, bold)
        if key not in cls._glyphs:
            prop = FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal")
            # The advance is measured between two bars, so that a space works too.
            bars = TextPath((0, 0), "||", size=size, prop=prop).get_extents().x1
            advance = TextPath((0, 0), "|" + ch + "|", size=size, prop=prop).get_extents().x1 - bars
            if ch.isspace():
                cls._glyphs[key] = (np.zeros((0, 2)), np.zeros(0, np.uint8), advance)
            else:
                path = TextPath((0, 0), ch, size=size, prop=prop)
                codes = path.codes if path.codes is not None else np.full(len(path.vertices), Path.LINETO)
                cls._glyphs[key] = (path.vertices.copy(), np.asarray(codes), advance)
        return cls._glyphs[key]

    @classmethod
    def _path(cls, text, size, bold, ha):
        """``(letters, box)``: the outline of ``text`` and a box around it, in points."""
        key = (text, size, bold, ha)
        if key not in cls._paths:
            if len(cls._paths) > 20000:
                cls._paths.clear()
            verts, codes, width = [], [], 0.0
            lines = text.split("\n")
            for n, line in enumerate(lines):
                line_width = sum(cls._glyph(c, size, bold)[2] for c in line)
                width = max(width, line_width)
                x = {"center": -line_width / 2, "right": -line_width}.get(ha, 0.0)
                base = -0.36 * size + ((len(lines) - 1) / 2 - n) * 1.15 * size
                for c in line:
                    v, cd, advance = cls._glyph(c, size, bold)
                    if len(v):
                        verts.append(v + (x, base))
                        codes.append(cd)
                    x += advance
            letters = Path(np.concatenate(verts), np.concatenate(codes)) if verts else _EMPTY
            half_h = 0.5 * (len(lines) * 1.15 * size)
            x0 = {"center": -width / 2, "right": -width}.get(ha, 0.0) - 1.0
            box = Path.unit_rectangle().transformed(
                Affine2D().scale(width + 2.0, 2 * half_h).translate(x0, -half_h)) if verts else _EMPTY
            cls._paths[key] = (letters, box)
        return cls._paths[key]

    def update(self, texts, colours=None, bold=None):
        """Set every label: ``texts`` (strings), ``colours`` (RGBA or names), ``bold`` (bools)."""
        n = len(self.strings)
        colours = [plots.BLACK] * n if colours is None else colours
        bold = [False] * n if bold is None else bold
        letters, boxes = [], []
        for k, text in enumerate(texts):
            path, box = self._path(text, self.size, bool(bold[k]), self.ha[k])
            letters.append(path)
            boxes.append(box if self.boxed[k] else _EMPTY)
        self.strings = list(texts)
        self.letters.set_paths(letters)
        self.letters.set_facecolor(colours)
        self.boxes.set_paths(boxes)


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


def _short(value, width=7):
    """:func:`~bplib.stages.fmt` with fewer digits when it would not fit in half a neuron.

    >>> _short(0.6803), _short(-0.041352), _short(6.144e-06)
    ('0.6803', '−0.0414', '6·10⁻⁶')
    """
    text = fmt(value)
    for digits in (3, 2, 1):
        if len(text) <= width:
            break
        text = fmt(float(f"{value:.{digits}g}"))
    return text


def _sub(i):
    return str(i + 1).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


class NetworkDiagram:
    """The network drawn on ``ax``: made once, then changed by :meth:`update`.

    ``sizes`` as for :class:`~bplib.network.Network` (``[2, 3, 2, 1]``).
    ``show_values=False`` leaves out the numbers in and around the neurons
    (``s``, ``y``, ``b``, ``δ``; used while training, where only the weights
    matter); ``show_weights=False`` also leaves out the numbers on the
    connections (their colours and widths still show the weights).
    """

    def __init__(self, ax, sizes, show_values=True, show_weights=True, fontsize=7.5):
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
        # -- every number and name: one label collection -------------------------------
        slots, positions, ha, boxed = [], [], [], []

        def slot(key, xy, align="center", box=False):
            slots.append(key), positions.append(xy), ha.append(align), boxed.append(box)

        for (layer, j, i), ((x0, y0), (x1, y1)) in zip(self.connections, segments):
            # Near the source end, where one source's lines fan out.
            frac = 0.26 if sizes[layer] < 3 else (0.2, 0.42, 0.2)[j % 3] if sizes[layer] == 3 else 0.26
            slot(("w", layer, j, i), (x0 + frac * (x1 - x0), y0 + frac * (y1 - y0)), box=True)
        for i in range(sizes[0]):
            slot(("x", i), self.pos[(0, i)])
        for layer in range(1, L + 1):
            for j in range(sizes[layer]):
                cx, cy = self.pos[(layer, j)]
                slot(("s", layer, j), (cx - RADIUS / 2, cy))
                slot(("y", layer, j), (cx + RADIUS / 2, cy))
                slot(("b", layer, j), (cx, cy - RADIUS - 0.11))
                slot(("delta", layer, j), (cx, cy + RADIUS + 0.11))
        for k in range(sizes[-1]):
            cx, cy = self.pos[(L, k)]
            slot(("t", k), (cx + RADIUS + 0.12, cy), "left")
        bottom = -DY * (max(sizes) - 1) / 2 - RADIUS - 0.45
        names = ["inputs"] + [f"layer {layer}" for layer in range(1, L)] + [f"layer {L} (output)"]
        for layer, name in enumerate(names):
            slot(("caption", layer), (DX * layer, bottom))
        self.slots = slots
        self._slot = {key: k for k, key in enumerate(slots)}
        self.labels = GlyphLabels(ax, positions, size=fontsize, ha=ha, boxed=boxed)
        right = DX * L + RADIUS + (1.15 if show_values else 0.55)
        top = DY * (max(sizes) - 1) / 2 + RADIUS + 0.3
        ax.set_xlim(-INPUT_RADIUS - 0.2, right)
        ax.set_ylim(bottom - 0.2, top)
        ax.set_aspect("equal")
        ax.set_axis_off()
        self._neurons = list(self._patch_of)
        self._n_patches = len(patches)

    def label(self, key):
        """The text on screen for ``key`` (``("w", 1, 0, 0)``, ``("s", 2, 1)``, ...)."""
        return self.labels.strings[self._slot[key]]

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

        texts = [""] * len(self.slots)
        colours = [to_rgba(plots.BLACK)] * len(self.slots)
        bold = [False] * len(self.slots)

        def put(k, text, colour=plots.BLACK, alpha=1.0):
            n = self._slot[k]
            texts[n], colours[n], bold[n] = text, to_rgba(colour, alpha), k == key

        # Connections: colour by sign, width by size, faded unless involved.
        line_colours, widths = [], []
        for c in self.connections:
            layer, j, i = c
            w = values.get(("w", layer, j, i), net.weights[layer - 1][j, i])
            w = float(w) if np.isfinite(w) else 0.0
            involved = on or c in lit
            line_colours.append(to_rgba(plots.weight_colour(w), 1.0 if involved else 0.25))
            widths.append(line_width(w) * (1.4 if c in lit else 1.0))
            if self.show_weights:
                put(("w",) + c, fmt(w), plots.BLACK, 1.0 if involved else 0.4)
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
            put(("x", i), f"x{_sub(i)}" + ("" if v is None else f"\n{fmt(v)}"))
        for layer in range(1, self.L + 1):
            for j in range(self.sizes[layer]):
                near = on or (layer, j) in neurons
                s, y = value(("s", layer, j)), value(("y", layer, j))
                put(("s", layer, j), "Σ" if s is None else f"Σ\n{_short(s)}", plots.BLACK, 1.0 if near else 0.55)
                put(("y", layer, j), "f" if y is None else f"f\n{_short(y)}", plots.BLACK, 1.0 if near else 0.55)
                b = values.get(("b", layer, j), net.biases[layer - 1][j])
                b = float(b) if np.isfinite(b) else 0.0
                if self.show_values:
                    put(("b", layer, j), f"b={fmt(b)}", plots.BLACK, 1.0 if near else 0.45)
                d = value(("delta", layer, j))
                if d is not None:
                    put(("delta", layer, j), f"δ={fmt(d)}", DELTA_COLOUR)
        for k in range(self.sizes[-1]):
            lines = []
            t = values.get(("t", k))
            if t is not None and np.isfinite(t):
                lines.append(f"t={fmt(t)}")
            e, E = value(("e", k)), value(("E",))
            if e is not None:
                lines.append(f"e={fmt(e)}")
            if E is not None and k == self.sizes[-1] - 1:
                lines.append(f"E={fmt(E)}")
            put(("t", k), "\n".join(lines))
            if key in (("e", k), ("E",), ("E_new",)):
                bold[self._slot[("t", k)]] = True
        names = ["inputs"] + [f"layer {layer}" for layer in range(1, self.L)] + [f"layer {self.L} (output)"]
        for layer, name in enumerate(names):
            put(("caption", layer), name, plots.GREY)
        self.labels.update(texts, colours, bold)
