"""The base of every interactive demo: controls, one figure made once, text panels.

A demo is made once; moving a control calls :meth:`Demo.update`, which
changes the existing artists (``set_data``, ``set_text``, ...) and asks the
canvas to redraw. Nothing is re-created per slider event, so under ipympl
the picture changes in place without flicker.

A demo never shows a traceback to a learner: an exception raised while
updating is caught, shown in plain words in the demo's status line, and kept
in ``demo.last_problem`` so tests can fail on it.

The same object drives the tests and the benchmarks without a browser:
``demo.set(w=3)`` moves controls (``tests/screen.py`` reads what is then on screen).
"""

import base64
import functools
import io
import math
import re

import ipywidgets as widgets
import matplotlib
import traitlets
from matplotlib.figure import Figure

from . import plots

# What a symbol on a control stands for, read out by a screen reader before the symbol itself.
SYMBOL_WORDS = {"w": "weight", "b": "bias", "η": "learning rate", "ε": "perturbation size", "x": "input",
                "t": "desired output (target)", "s": "adder output", "B": "batch size", "α": "damping",
                "tol": "tolerance", "max_iter": "most iterations"}
_SYMBOL = re.compile(r"^(?P<symbol>tol|max_iter|[wbηεxtsBα])(?P<index>[⁽⁾⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉ᵢⱼₖ]*)$")


def spoken_name(description):
    """What a control with this label controls, in words: ``"w₁"`` → ``"weight w₁"``, ``"η"`` → ``"learning rate η"``.

    A label that is already words (``"epochs"``, ``"damping α"``) is kept as it is.
    """
    match = _SYMBOL.match(description.strip())
    if not match:
        return description.strip()
    return f"{SYMBOL_WORDS[match.group('symbol')]} {description.strip()}"


# Front-end code of the accessibility helper (anywidget runs it in JupyterLab, Notebook 7 and Voila).
# ipywidgets 8.1 sliders give their handle role=slider but no name (the label is a separate element),
# and ipympl's canvas has no role or text. Once per page, this watches the page and gives every
# slider handle the name its label's tooltip says (else the label), every figure role=img and
# the figure's description, kept in ipympl's (hidden) figure label, every still picture the
# words printed under it, and a demo's text panels aria-live (read out when their numbers change); and it keeps the Tab key from ipympl, which would trap focus on a figure.
# The proper fix is upstream: ipywidgets could pass noUiSlider's
# `handleAttributes` an aria-label from the description.
_ACCESS_ESM = """
function nameAll(root) {
  for (const handle of root.querySelectorAll('.widget-slider .noUi-handle')) {
    const label = handle.closest('.widget-slider').querySelector('.widget-label');
    const tip = label && label.title && label.title !== 'null' ? label.title.trim() : '';
    const name = tip || (label ? label.textContent.trim() : '');
    if (name && handle.getAttribute('aria-label') !== name) handle.setAttribute('aria-label', name);
  }
  for (const div of root.querySelectorAll('.jupyter-matplotlib-canvas-div')) {
    const header = div.closest('.jupyter-matplotlib-figure')?.querySelector('.jupyter-matplotlib-header');
    const alt = header ? header.textContent.trim() : '';
    if (div.getAttribute('role') !== 'img') div.setAttribute('role', 'img');
    if (alt && div.getAttribute('aria-label') !== alt) div.setAttribute('aria-label', alt);
  }
  // a demo's text panels say in numbers what its figure shows: a screen reader reads them out as they change
  for (const helper of root.querySelectorAll('.bplib-access')) {
    for (const panel of helper.parentElement?.querySelectorAll('.widget-html-content') ?? [])
      if (panel.getAttribute('aria-live') !== 'polite') panel.setAttribute('aria-live', 'polite');
  }
  // a still picture (bplib.lessons.plots.static) is followed by its words, "Picture: ...": they become its alt
  for (const img of root.querySelectorAll('.jp-RenderedImage img:not([alt])')) {
    const next = img.closest('.jp-OutputArea-child')?.nextElementSibling;
    const text = next ? next.textContent.trim() : '';
    if (text.startsWith('Picture: ')) img.setAttribute('alt', text.slice(9));
  }
}
function render({ el }) {
  el.style.display = 'none';
  el.classList.add('bplib-access');   // marks the demo it sits in
  requestAnimationFrame(() => nameAll(document.body));
  if (window.__bplibAccess) return;
  // ipympl takes every key pressed on a focused figure, Tab too, and cancels it: keyboard users
  // would be trapped on the figure. Tab is kept from it, so focus moves on as everywhere else.
  window.addEventListener('keydown', (e) => {
    if (e.key === 'Tab' && e.target?.classList?.contains('jupyter-matplotlib-canvas-div')) e.stopImmediatePropagation();
  }, true);
  let pending = false;
  window.__bplibAccess = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; nameAll(document.body); });
  });
  window.__bplibAccess.observe(document.body, {subtree: true, childList: true, characterData: true,
                                                attributes: true, attributeFilter: ['title']});
  nameAll(document.body);
}
export default { render };
"""


@functools.lru_cache(maxsize=1)
def _access_helper_class():
    try:
        import anywidget
    except ImportError:
        return None

    class AccessHelper(anywidget.AnyWidget):
        """Invisible; its front-end code names the page's sliders and figures (see ``_ACCESS_ESM``)."""
        _esm = traitlets.Unicode(_ACCESS_ESM).tag(sync=True)

    return AccessHelper


def access_helper():
    """The invisible widget that names sliders and figures for screen readers (one per demo; it acts once per page).

    Needs the ``anywidget`` package; without it, ``None`` (the demo works, its sliders unnamed).
    """
    cls = _access_helper_class()
    return None if cls is None else cls(layout=widgets.Layout(display="none"))


def _rounded_only(widget, old, new):
    """True when a float control's new value differs from the old one only in the last digits.

    The browser's slider puts its value on the step grid in floating point and sends it back
    (0.5 returns as 0.5000000000000001): a change nobody can see. Lesson 05's explorer got 19
    of them as the page loaded, and redrew for each: 8.7 s of the kernel's time before the first
    slider answered. The control keeps the value; the figure is not drawn again for it.
    """
    if not (isinstance(old, float) and isinstance(new, float)):
        return False
    linear_step = 0.0 if isinstance(widget, widgets.FloatLogSlider) else abs(getattr(widget, "step", 0) or 0)
    return math.isclose(old, new, rel_tol=1e-12, abs_tol=1e-9 * linear_step)


class Demo:
    """Controls plus a figure plus text panels; subclasses write :meth:`update`.

    Subclasses set ``self.fig`` (from :func:`bplib.lessons.plots.new_figure`), add
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
        self._moving = ()           # the artists a move redraws by blitting (see animate)
        self._background = None     # the figure without them, after its last full draw, and its size

    # -- building -------------------------------------------------------------
    def add_control(self, name, widget):
        """Register a value widget (slider, dropdown, toggle); moving it calls update().

        A control without a tooltip gets one saying in words what it controls
        (:func:`spoken_name`): it shows on hover and is the slider's name for a screen reader.
        """
        if getattr(widget, "description", "") and not getattr(widget, "tooltip", None):
            widget.tooltip = spoken_name(widget.description)
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
            helper = access_helper()
            if helper is not None and isinstance(self._widget, widgets.Box):
                self._widget.children = (*self._widget.children, helper)
            manager = getattr(getattr(self.fig, "canvas", None), "manager", None)
            if manager is not None:   # ipympl keeps it as the figure's (hidden) label
                manager.set_window_title(self.alt_text())
        return self._widget

    def alt_text(self):
        """What the figure shows, in words (its accessible name): :func:`bplib.lessons.plots.describe`.

        A subclass may say it better by overriding this.
        """
        return plots.describe(self.fig) if self.fig is not None else ""

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

    def put(self, **values):
        """Move several controls without an update for each move (a button's action then updates once)."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)}; this demo has {sorted(self.controls)}.")
        self._hold = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._hold = False

    def set(self, **values):
        """Move several controls at once, then update once."""
        self.put(**values)
        self._guarded(self.update)

    def update(self):
        """Redraw from the controls' values: change artists in place, then :meth:`redraw`."""
        raise NotImplementedError

    def animate(self, *artists):
        """Redraw only ``artists`` when a move changes nothing else: matplotlib's blitting.

        Opt-in, for a figure whose texts cost most of a redraw and most of which stay put (lesson 05's
        diagram). ``artists`` become animated (``set_animated(True)``), so a full draw leaves them out;
        after every full draw (a ``draw_event``: the first, a resize, a new layout) the figure without
        them is kept (``canvas.copy_from_bbox``) and they are drawn on top. A later :meth:`redraw`
        restores that background, draws only them (in z-order, as a full draw would) and calls
        ``canvas.blit``: under ipympl that sends the changed pixels to the browser like a full draw.
        If anything else on the figure changed (the figure is stale), :meth:`redraw` draws it all.
        The blit draws ``artists`` last, so they must lie above every other artist they overlap (give
        them a higher zorder): then a blitted frame is the full draw's, pixel for pixel (tests/test_blit.py).
        A saved picture (``savefig``: :func:`bplib.lessons.plots.static`, the notebook's PNG) draws
        animated artists as usual.
        """
        def drawn_at(artist):   # a full draw's order: axes by axes, then by z-order, then as added
            ax = artist.axes
            return (-1 if ax is None else self.fig.axes.index(ax), artist.get_zorder(),
                    0 if ax is None else ax.get_children().index(artist))

        self._moving = tuple(sorted(artists, key=drawn_at))
        for artist in self._moving:
            artist.set_animated(True)
        self.fig.canvas.mpl_connect("draw_event", self._after_full_draw)
        self.fig.stale = True   # the next redraw is a full one, and keeps the background

    def _after_full_draw(self, event):
        if event.canvas.is_saving():   # savefig drew the animated artists in place: no background
            return
        self._background = (event.canvas.copy_from_bbox(self.fig.bbox), self._drawn_as())
        for artist in self._moving:
            self.fig.draw_artist(artist)

    def _drawn_as(self):
        """What a background must match to be blitted on: the canvas's size and dpi, and the font hinting
        (a full draw the browser asks for is hinted, a redraw is not: :func:`plots.fast_text`)."""
        return (*self.fig.canvas.get_width_height(physical=True), self.fig.dpi, matplotlib.rcParams["text.hinting"])

    def _blit(self):
        """Draw only the animated artists over the kept background; False when a full draw is needed."""
        if self._background is None or self.fig.stale or self._background[1] != self._drawn_as():
            return False
        canvas = self.fig.canvas
        canvas.restore_region(self._background[0])
        for artist in self._moving:
            self.fig.draw_artist(artist)
        canvas.blit(self.fig.bbox)
        return True

    def redraw(self):
        """Draw the figure; once the demo is on the page, send the frame to the browser at once.

        ``canvas.draw()`` rather than ``draw_idle()``: under ipympl ``draw_idle`` asks the browser to ask
        back for the frame, one more round trip per slider move (about 30 ms measured in JupyterLab).
        ipywidgets sends a slider's next value only when the kernel is idle again, so a fast drag
        skips values rather than queueing frames.

        A figure made with constrained layout keeps its layout between moves
        until a tick label changes (:func:`bplib.lessons.plots.keep_layout`), so most
        slider moves redraw the artists without laying the figure out again. A demo that
        named its changing artists (:meth:`animate`) has only those drawn when nothing else changed.
        """
        if self.fig is not None:
            plots.keep_layout(self.fig)
            with plots.fast_text():
                if self._moving and self._blit():
                    return
                if self._widget is not None:
                    self.fig.canvas.draw()
                else:
                    self.fig.canvas.draw_idle()

    def redraw_if_changed(self, *state):
        """Redraw only when ``state``, what the figure shows, has changed: a slider whose setting takes
        effect at the next press of Train changes the text, and costs the learner no frame.

        Otherwise the figure is marked as drawn (its artists were given what they already showed):
        IPython runs pyplot's post-execute hook after every widget message, and that hook has a
        stale figure drawn again, through a round trip to the browser, for nothing new.
        """
        if state != getattr(self, "_drawn_state", None):
            self._drawn_state = state
            self.redraw()
        elif self.fig is not None:
            self.fig.stale = False

    def _on_change(self, change):
        if not self._hold and not _rounded_only(change.owner, change.old, change.new):
            self._guarded(self.update)

    def _not_a_number(self):
        """The first control holding NaN or ±inf (code can write that into a slider), in words."""
        for name, w in self.controls.items():
            if isinstance(w.value, float) and not math.isfinite(w.value):
                lo, hi = (w.base ** w.min, w.base ** w.max) if isinstance(w, widgets.FloatLogSlider) \
                    else (w.min, w.max)
                return plots.warn(f"{w.description or name} was given a value that is not a number it can use: "
                                  f"set it to a number from {lo:g} to {hi:g}.")
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
            self.status.value = plots.warn(f"That did not work: {type(exc).__name__}: {exc}")
        else:
            if self.status.value.startswith(plots.warn("").removesuffix("</span>")):   # a warning shown: gone
                self.status.value = ""

