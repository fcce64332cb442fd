"""Plotting helpers shared by the lessons (imports matplotlib; not imported by ``import bplib``).

One colour-blind-safe palette for the whole course (Okabe and Ito's), with
positive weights always blue and negative weights always vermilion.
Every ``plot_*`` function draws on the axes it is given (or new ones) and
returns the artists it made, so a widget can create them once and later
update them in place.
"""

import base64
import io
import math

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullLocator

from ..fmt import fmt

# Okabe & Ito's palette, safe for the common forms of colour blindness.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#999999"

POSITIVE = BLUE        # a positive weight, class 1, "too high"
NEGATIVE = VERMILION   # a negative weight, class 0, "too low"
CYCLE = [BLUE, VERMILION, GREEN, ORANGE, PURPLE, SKY, YELLOW, BLACK]

# One colour per meaning, in every lesson.
ERROR = BLACK          # the error curve E (on the training data)
TRAINING = BLACK       # training data and its error, where training / validation / test are compared
VALIDATION = ORANGE    # the validation data (used for choices) and its error
TEST = GREEN           # the test data, touched once
DELTA = PURPLE         # an error signal δ (say so in a legend or caption where it first appears)
#: Lines for several neurons at once: colours far apart, each with its own dash pattern.
NEURONS = [(BLUE, "-"), (ORANGE, "--"), (GREEN, "-."), (PURPLE, ":"), (SKY, "-"), (BLACK, "--")]

#: A diverging colour map from vermilion (0 / negative) through white to blue (1 / positive).
DIVERGING = matplotlib.colors.LinearSegmentedColormap.from_list(
    "bplib_diverging", [NEGATIVE, "#FFFFFF", POSITIVE])

STYLE = {
    "axes.prop_cycle": matplotlib.cycler(color=CYCLE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    # Every text at least 11 px high as displayed (points × dpi / 72 at the course's 80 dpi),
    # titles at least 12 px: 10 pt is 11.1 px, 11 pt is 12.2 px.
    "font.size": 10,
    "axes.titlesize": 11,
    "figure.titlesize": 11,
    "axes.labelsize": 10,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.title_fontsize": 10,
}


def fast_text():
    """Draw texts without font hinting: a quarter faster in Agg (matplotlib reads the setting when it
    draws, not when the figure is made), the letters a little softer. For a slider's redraw."""
    return matplotlib.rc_context({"text.hinting": "no_hinting"})


def weight_colour(w):
    """Blue for a positive weight, vermilion for a negative one (grey for zero)."""
    return POSITIVE if w > 0 else NEGATIVE if w < 0 else GREY


def new_figure(width=6.0, height=3.0, nrows=1, ncols=1, dpi=80, layout=None, **subplots_kw):
    """``(fig, axes)`` made for updating in place, without pyplot's automatic display.

    Under ``%matplotlib widget`` (ipympl) the canvas is a widget that a lesson
    puts in its layout; elsewhere (tests, benchmarks) it is a plain Agg
    canvas. The course style is applied to the axes. ``nrows=0`` makes no
    axes (``axes`` is then ``None``) for a lesson that lays out its own.
    ``layout="constrained"`` lets matplotlib place titles, labels and legends
    so that nothing overlaps or is cut off (the course's choice for new figures).
    """
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(STYLE), plt.ioff():
        fig = plt.figure(figsize=(width, height), dpi=dpi, layout=layout)
        axes = fig.subplots(nrows, ncols, **subplots_kw) if nrows else None
    canvas = fig.canvas
    for attr, value in (("header_visible", False), ("footer_visible", False),
                        ("toolbar_visible", False), ("resizable", False)):
        if hasattr(canvas, attr):
            setattr(canvas, attr, value)
    if hasattr(canvas, "syncing_data_url"):
        # ipympl 0.10 stores a PNG without its "data:image/png;base64," prefix when a draw
        # comes before the browser says the figure is ready; a view built from that state
        # shows a broken, 0×0 figure (the browser test saw it). The browser asks for a
        # fresh picture once it is ready, so nothing is lost by not syncing this one.
        canvas.syncing_data_url = False
    if hasattr(canvas, "layout"):
        canvas.layout.flex = "0 0 auto"  # keep its own size in an HBox, next to a table
    manager = getattr(canvas, "manager", None)
    if getattr(manager, "key_press_handler_id", None) is not None:
        # matplotlib's keyboard shortcuts act on a focused canvas: `s` saves a file, `l` and `k`
        # switch to a log scale, `q` closes the figure. A learner who tabs onto a course figure
        # (it takes keyboard focus, to be read out) must not change or lose it by typing.
        canvas.mpl_disconnect(manager.key_press_handler_id)
        manager.key_press_handler_id = None
    return fig, axes


def describe(fig):
    """One sentence saying what ``fig`` shows, from its own words: titles, axis labels, legend entries.

    It is the text alternative of the figure: the accessible name of a live
    figure (:class:`bplib.lessons._demo.Demo`) and the alt text of a still
    picture (:func:`static`), so it changes whenever a lesson renames an axis.
    """
    parts = []
    for ax in fig.axes:
        if not ax.get_visible() or not ax.axison and not ax.get_title() and not ax.images:
            continue
        title, x, y = ax.get_title().strip(), ax.get_xlabel().strip(), ax.get_ylabel().strip()
        axes = f"{y} against {x}" if x and y else f"along {x or y}" if x or y else ""
        part = f"{title}: {axes}" if title and axes else title or axes or ("a picture" if ax.images else "a plot")
        legend = ax.get_legend()
        entries = [t.get_text().strip() for t in legend.get_texts() if t.get_text().strip()] if legend else []
        parts.append(part + (f" (showing {', '.join(entries)})" if entries else ""))
    title = fig._suptitle.get_text().strip() if getattr(fig, "_suptitle", None) is not None else ""
    merged = []   # panels that read the same are said once, with their number
    for part in parts:
        if merged and merged[-1][0] == part:
            merged[-1][1] += 1
        else:
            merged.append([part, 1])
    parts = [part if n == 1 else f"{n} panels, each {part}" for part, n in merged]
    if not parts:
        return f"Figure: {title}." if title else "Figure."
    return (f"Figure, {title}: " if title else "Figure: ") + "; ".join(parts) + "."


class Still:
    """A still picture of a figure with its text alternative (what :func:`static` returns).

    A notebook shows the PNG and, under it, one line ``Picture: <alt>``: JupyterLab
    gives an output image no ``alt`` attribute and strips ``data:`` images from
    untrusted HTML, so the words are written beside the picture, where a screen
    reader, GitHub and a printout all reach them. ``text/plain`` holds the same words.
    """

    def __init__(self, png, alt):
        self.png, self.alt = png, alt

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": f"Picture: {self.alt}"}

    def _ipython_display_(self):
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)   # the picture (display(self) would come back here)
        # (its text/plain is empty: plain-text readers already have the words from the picture's)
        display({"text/markdown": f"<small>Picture: {self.alt}</small>", "text/plain": ""}, raw=True)


def static(fig, dpi=None, alt=None):
    """``fig`` as a plain PNG picture, for readers on GitHub (where widgets do not show).

    ``alt`` says in words what the picture shows; by default :func:`describe` writes it from the
    figure's titles, axis labels and legend.
    """
    if alt is not None and (not isinstance(alt, str) or not alt.strip()):
        raise ValueError(f"alt: got {alt!r}; expected a sentence saying what the picture shows, or None")
    buf = io.BytesIO()
    Figure.savefig(fig, buf, format="png", dpi=dpi or fig.dpi)
    return Still(buf.getvalue(), alt.strip() if alt else describe(fig))


def swatch(colour, label=""):
    """A small square of ``colour`` before ``label``, for a table row that a plot shows in that colour."""
    return (f'<span style="display:inline-block;width:0.8em;height:0.8em;background:{colour};'
            f'border:1px solid #555;margin-right:0.3em;vertical-align:middle"></span>{label}')


def warn(text):
    """``text`` in vermilion, for a warning in a text panel (training diverged, settings changed)."""
    return f"<span style='color:{VERMILION}'>{text}</span>"


def html_table(header, rows, digits=4, caption=""):
    """An HTML table for a text panel: padded cells, numbers right-aligned in one format.

    Numbers (int or float) are written with :func:`bplib.fmt.fmt`; strings are
    kept as they are (HTML allowed, e.g. :func:`swatch`).
    """

    def is_number(value):
        return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)

    def cell(tag, text, right):
        return f'<{tag} style="padding:2px 10px;text-align:{"right" if right else "left"}">{text}</{tag}>'

    right = [bool(rows) and all(is_number(row[k]) for row in rows) for k in range(len(header))]
    head = "".join(cell("th", h, r) for h, r in zip(header, right))
    body = "".join("<tr>" + "".join(cell("td", fmt(v, digits) if is_number(v) else v, is_number(v))
                                    for v in row) + "</tr>" for row in rows)
    cap = f"<caption style='text-align:left'>{caption}</caption>" if caption else ""
    return (f'<table style="border-collapse:collapse;font-variant-numeric:tabular-nums">{cap}'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def keep_layout(fig):
    """Lay ``fig`` out with its constrained layout once, and again only when a tick label changes.

    Constrained layout measures every text at every draw, which costs as much
    as drawing them. :meth:`Demo.redraw <bplib.lessons._demo.Demo.redraw>`
    calls this before each redraw: the figure's own layout engine places
    everything, then the figure's engine is set to ``"none"`` so that later
    draws keep that layout, until the tick labels differ (new limits, another
    scale). A figure not made with ``layout="constrained"`` is left alone.
    """
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        fig._own_layout, fig._kept_layout = engine, None   # its own engine (and pads), kept for re-use
    if getattr(fig, "_own_layout", None) is None:
        return
    key = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            values = [v for v in axis.get_major_locator()() if lo <= v <= hi]
            key.append(tuple(axis.get_major_formatter().format_ticks(values)))
    if fig._kept_layout != key:
        fig._own_layout.execute(fig)    # what a draw does first, and no more
        if fig.get_layout_engine() is fig._own_layout:
            fig.set_layout_engine("none")
        fig._kept_layout = key


def error_curves(ax, title, labels=("training", "validation"), colours=(TRAINING, VALIDATION), xlabel="epoch",
                 ylabel="E", log=False):
    """Error curves on ``ax``, one empty line per label in its colour (by default the training and the validation
    error), made once and later given data with ``set_data``. Against ``"epoch"`` the axis has whole-number ticks;
    ``log=True`` puts the error on a :func:`log_scale`. A dot marks each curve's first value, so the error before
    any training shows as a point, not as empty axes; it is drawn whole on the axis at epoch 0, as the lines are
    not clipped (their callers' limits hold the data; one with fixed limits clips them again). Lessons 06 and 07
    and the playground."""
    if log:
        log_scale(ax)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    if xlabel == "epoch":
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return [ax.plot([], [], color=colour, lw=1.5, label=label, marker="o", ms=4, markevery=[0], clip_on=False,
                    in_layout=False)[0]
            for colour, label in zip(colours, labels)]


def show_curves(lines, *series):
    """Each of ``lines`` given its series of values, against epochs 0, 1, 2, …"""
    for line, values in zip(lines, series):
        line.set_data(np.arange(len(values)), values)


def mosaic(pictures, ncols, shape, gap=1):
    """Small pictures side by side in one masked image, ``ncols`` to a row, ``gap`` pixels apart.

    ``pictures`` holds pictures of ``shape`` (rows, columns), or the same as flat
    vectors. The gaps and the empty places of the last row are masked, so a
    colour map draws them in its "bad" colour; the data under the mask is 0.
    36 pictures of 7×5 with ``ncols=9`` make 4 rows: shape ``(4·8 − 1, 9·6 − 1)``.
    """
    pictures = np.asarray(pictures, dtype=float).reshape(-1, *shape)
    (h, w), nrows = shape, -(-len(pictures) // ncols)
    out = np.ma.array(np.zeros((nrows * (h + gap) - gap, ncols * (w + gap) - gap)), mask=True)
    for k, picture in enumerate(pictures):
        r, c = divmod(k, ncols)
        out[r * (h + gap):r * (h + gap) + h, c * (w + gap):c * (w + gap) + w] = picture
    return out


def log_scale(ax, which="y", locator=None, label=None):
    """A log scale on ``ax``'s ``which`` axis (``"x"``, ``"y"`` or ``"xy"``), each tick labelled ``label(value)``
    (:func:`bplib.fmt.fmt`: ``0.001``): plain text, not the mathtext of matplotlib's default log labels, which
    costs about half a second to set up in a fresh kernel and milliseconds per label at every redraw; no minor
    ticks. Lessons 06 and 08."""
    label = label or fmt
    for name in which:
        getattr(ax, f"set_{name}scale")("log")
        axis = getattr(ax, f"{name}axis")
        if locator is not None:
            axis.set_major_locator(locator)
        axis.set_major_formatter(FuncFormatter(lambda v, _: label(v)))
        axis.set_minor_locator(NullLocator())   # no minor ticks: fewer artists to draw at every move


def nice_up(v):
    """The smallest of 1, 2, 5, 10, 20, 50, … (times any power of ten) that is at least ``v > 0``.

    An axis limit rounded up this way changes seldom while a slider moves, so its tick labels, and with
    them the figure's constrained layout, stay put (:func:`bplib.lessons.plots.keep_layout` lays the figure out
    again only when a tick label changes): ``nice_up(15) == 20``, ``nice_up(0.031) == 0.05``. Lessons 05,
    06 and 08."""
    scale = 10.0 ** math.floor(math.log10(v))
    return next(m * scale for m in (1, 2, 5, 10) if m * scale >= v * (1 - 1e-12))
