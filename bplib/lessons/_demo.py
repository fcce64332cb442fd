"""The base of every interactive demo: controls, one figure made once, text panels.

A demo is made once; moving a control calls :meth:`Demo.update`, which
changes the existing artists (``set_data``, ``set_text``, ...) and asks the
canvas to redraw. Nothing is re-created per slider event, so under ipympl
the picture changes in place without flicker.

A demo never shows a traceback to a learner: an exception raised while
updating is caught, shown in plain words in the demo's status line, and kept
in ``demo.last_problem`` so tests can fail on it.

The same object drives the tests and the benchmarks without a browser:
``demo.set(w=3)`` moves controls, ``demo.shown()`` returns every number and
every piece of text on screen.
"""

import base64
import io
import math
import re

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from .. import plots

_BAD_WORD = re.compile(r"\b(nan|inf|-inf)\b", re.IGNORECASE)


class Demo:
    """Controls plus a figure plus text panels; subclasses write :meth:`update`.

    Subclasses set ``self.fig`` (from :func:`bplib.plots.new_figure`), add
    controls with :meth:`add_control`, buttons with :meth:`add_button`,
    text panels with :meth:`add_text`, then call :meth:`update` once.
    """

    def __init__(self):
        self.controls = {}
        self.buttons = {}
        self.texts = {}
        self.fig = None
        self.last_problem = None
        self.status = widgets.HTML(value="")
        self._hold = False
        self._widget = None

    # -- building -------------------------------------------------------------
    def add_control(self, name, widget):
        """Register a value widget (slider, dropdown, toggle); moving it calls update()."""
        self.controls[name] = widget
        widget.observe(self._on_change, names="value")
        return widget

    def add_button(self, name, description, action, **kw):
        """A button that calls ``action()`` then updates the demo."""
        button = widgets.Button(description=description, **kw)

        def clicked(_):
            self._guarded(action)
            self._guarded(self.update)

        button.on_click(clicked)
        self.buttons[name] = button
        return button

    def click(self, name):
        """Press a button, as a learner would (used by tests and benchmarks)."""
        self.buttons[name].click()

    def add_text(self, name, value="", **layout):
        """An HTML panel for tables, equations and verdicts."""
        panel = widgets.HTML(value=value, layout=widgets.Layout(**layout))
        self.texts[name] = panel
        return panel

    def layout(self):
        """The widget shown in the notebook; subclasses may arrange things differently."""
        controls = widgets.VBox(list(self.controls.values()) + (
            [widgets.HBox(list(self.buttons.values()))] if self.buttons else []))
        return widgets.VBox([controls, *self._canvas(), *self.texts.values(), self.status])

    def _canvas(self):
        """The figure's canvas when it is a widget (ipympl); nothing otherwise."""
        canvas = getattr(self.fig, "canvas", None)
        return [canvas] if isinstance(canvas, widgets.DOMWidget) else []

    @property
    def widget(self):
        if self._widget is None:
            self._line_up_labels()
            self._widget = self.layout()
        return self._widget

    def _line_up_labels(self):
        """Give every labelled control of this demo the same label width, so the slider bars line up."""
        labelled = [w for w in self.controls.values() if getattr(w, "description", "")
                    and hasattr(getattr(w, "style", None), "description_width")]
        if labelled:
            longest = max(len(w.description) for w in labelled)
            for w in labelled:
                w.style.description_width = f"{0.6 * longest + 1:.1f}em"

    def _repr_mimebundle_(self, include=None, exclude=None):
        """What a notebook stores for this demo: the live widget, a still picture and a caption.

        JupyterLab and Voila show the live widget; a reader of the saved notebook
        (GitHub, ``jupyter nbconvert --to html``) gets the PNG of the figure as it
        was drawn for the controls' values, and plain text gets the caption.
        """
        bundle = self.widget._repr_mimebundle_()
        bundle["text/plain"] = self.caption()
        if self.fig is not None:
            buf = io.BytesIO()
            Figure.savefig(self.fig, buf, format="png")
            bundle["image/png"] = base64.b64encode(buf.getvalue()).decode("ascii")
        return bundle

    def caption(self):
        """One line for plain-text front ends: what the demo is and which controls it has."""
        name = re.sub(r"(?<!^)(?=[A-Z])", " ", type(self).__name__).lower()
        labels = [w.description for w in self.controls.values() if getattr(w, "description", "")]
        return f"A live demo ({name}) with controls {', '.join(labels)}: run the notebook to use it." if labels \
            else f"A live demo ({name}): run the notebook to use it."

    # -- updating -------------------------------------------------------------
    def values(self):
        """The current value of every control, by name."""
        return {name: w.value for name, w in self.controls.items()}

    def set(self, **values):
        """Move several controls at once, then update once."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)}; this demo has {sorted(self.controls)}.")
        self._hold = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._hold = False
        self._guarded(self.update)

    def update(self):
        """Redraw from the controls' values: change artists in place, then :meth:`redraw`."""
        raise NotImplementedError

    def redraw(self):
        """Ask the canvas to draw (immediate on Agg, one message to the browser under ipympl).

        A figure made with constrained layout keeps its layout between moves
        until a tick label changes (:func:`bplib.plots.keep_layout`), so most
        slider moves redraw the artists without laying the figure out again.
        """
        if self.fig is not None:
            plots.keep_layout(self.fig)
            self.fig.canvas.draw_idle()

    def _on_change(self, change):
        if not self._hold:
            self._guarded(self.update)

    def _not_a_number(self):
        """The first control holding NaN or ±inf (code can write that into a slider), in words."""
        for name, w in self.controls.items():
            if isinstance(w.value, float) and not math.isfinite(w.value):
                lo, hi = (w.base ** w.min, w.base ** w.max) if isinstance(w, widgets.FloatLogSlider) \
                    else (w.min, w.max)
                return (f"<span style='color:#D55E00'>{w.description or name} was given a value that is not a "
                        f"number it can use: set it to a number from {lo:g} to {hi:g}.</span>")
        return None

    def _guarded(self, action):
        refusal = self._not_a_number()
        if refusal:   # nothing is drawn from a NaN: the figure keeps its last good state
            self.status.value = refusal
            return
        try:
            action()
        except Exception as exc:  # shown in words, never as a traceback
            self.last_problem = exc
            self.status.value = (
                f"<span style='color:#D55E00'>That did not work: {type(exc).__name__}: {exc}</span>")
        else:
            if self.status.value.startswith("<span style='color:#D55E00'>"):
                self.status.value = ""

    # -- what is on screen ----------------------------------------------------
    def shown(self):
        """Every number drawn in the figure and every text on screen: ``(arrays, texts)``."""
        arrays, texts = [], [w.value for w in self.texts.values()] + [self.status.value]
        if self.fig is not None:
            for artist in self.fig.findobj():
                if isinstance(artist, Line2D) and artist.get_visible():
                    arrays.append(np.asarray(artist.get_xydata(), dtype=float))
                elif isinstance(artist, AxesImage) and artist.get_visible():
                    arrays.append(np.ma.filled(np.asarray(artist.get_array(), dtype=float), 0.0))
                elif isinstance(artist, Collection) and artist.get_visible():
                    arrays.append(np.asarray(artist.get_offsets(), dtype=float))
                    if artist.get_array() is not None:
                        arrays.append(np.ma.filled(np.asarray(artist.get_array(), dtype=float), 0.0))
                    for path in artist.get_paths():
                        arrays.append(np.asarray(path.vertices, dtype=float))
                elif isinstance(artist, Patch) and artist.get_visible():
                    arrays.append(np.asarray(artist.get_verts(), dtype=float))
                elif isinstance(artist, Text) and artist.get_visible():
                    texts.append(artist.get_text())
        return arrays, texts

    def problems(self):
        """What is wrong on screen: non-finite numbers, 'nan'/'inf' in text, a caught exception."""
        found = []
        if self.last_problem is not None:
            found.append(f"exception: {self.last_problem!r}")
        arrays, texts = self.shown()
        for k, arr in enumerate(arrays):
            if arr.size and not np.all(np.isfinite(arr)):
                found.append(f"non-finite value in drawn data #{k}")
        for text in texts:
            if _BAD_WORD.search(text):
                found.append(f"text shows nan/inf: {text[:80]!r}")
        return found

