"""What a learner who uses a screen reader or only a keyboard gets from the course.

Without a browser: every control says in words what it controls (its tooltip,
which becomes the slider's accessible name), course figures ignore matplotlib's
keyboard shortcuts, every still picture carries a text alternative, and every
figure has a description.

In a browser (headless Chromium, the lessons run in Voila, as in app mode; marked
``browser``): every slider handle has an accessible name with a word in it,
every figure canvas has role ``img`` and a description, every picture has alt
text, every control is reached with the Tab key, and typing on a focused
figure changes nothing. What a screen reader announces is read from
Chromium's accessibility tree (Playwright's ``aria_snapshot``).

    python -m pytest tests/test_accessibility.py -k "not browser"   # quick part
    python -m pytest tests/test_accessibility.py -k 01              # one lesson in the browser
"""

import importlib
import re
import time

import matplotlib
import pytest

matplotlib.use("Agg")

from matplotlib.backend_bases import KeyEvent  # noqa: E402

from bplib.lessons import plots  # noqa: E402
from bplib.lessons import _demo  # noqa: E402
from tests.browser_lab import (JS_CONTEXT_READY, JS_DEMO_STATE, JS_KERNEL_IDLE, JS_LAB_READY,  # noqa: E402
                               JS_OPEN, JS_RUN_ALL, ROOT, SLIDER_HANDLE, BrowserThread, LabServer,
                               VoilaServer, need_chromium)

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
A_WORD = re.compile(r"[A-Za-z]{3,}")
MODULES = sorted(p.stem for p in (ROOT / "bplib" / "lessons").glob("l[0-9][0-9].py"))
DEMOS = [(m, name) for m in MODULES for name in sorted(getattr(importlib.import_module(f"bplib.lessons.{m}"),
                                                                 "BUILDERS", {}))]


# --- without a browser ------------------------------------------------------------------------

@pytest.mark.parametrize("label, spoken", [("w", "weight w"), ("w₁", "weight w₁"), ("w⁽²⁾", "weight w⁽²⁾"),
                                           ("η", "learning rate η"), ("b⁽¹⁾", "bias b⁽¹⁾"),
                                           ("B", "batch size B"), ("epochs", "epochs"),
                                           ("damping α", "damping α"), ("wx", "wx")])
def test_spoken_name_says_what_a_symbol_controls(label, spoken):
    assert _demo.spoken_name(label) == spoken


def _build(module, builder):
    return importlib.import_module(f"bplib.lessons.{module}").BUILDERS[builder]()


@pytest.mark.parametrize("module, builder", DEMOS, ids=[f"{m}.{b}" for m, b in DEMOS])
def test_every_control_of_every_demo_says_in_words_what_it_controls(module, builder):
    demo = _build(module, builder)
    for name, control in demo.controls.items():
        if not getattr(control, "description", ""):
            continue
        tip = control.tooltip or ""
        assert A_WORD.search(tip), f"{module}.{builder}: control {name!r} ({control.description!r}) has tooltip {tip!r}"
        assert control.description.strip() in tip or tip.startswith(control.description.strip()[:3]), (name, tip)


@pytest.mark.parametrize("module, builder", DEMOS, ids=[f"{m}.{b}" for m, b in DEMOS])
def test_every_demo_figure_has_a_description_and_the_helper_that_names_it(module, builder):
    demo = _build(module, builder)
    widget = demo.widget
    if demo.fig is not None:
        alt = demo.alt_text()
        assert alt.startswith("Figure") and A_WORD.search(alt), alt
    helpers = [w for w in widget.children if type(w).__name__ == "AccessHelper"]
    assert len(helpers) == 1, f"{module}.{builder}: {len(helpers)} access helpers in the layout"
    assert helpers[0].layout.display == "none"


@pytest.mark.parametrize("module, builder", DEMOS, ids=[f"{m}.{b}" for m, b in DEMOS])
def test_every_demo_figure_has_a_text_panel_beside_it(module, builder):
    """The numbers a sighted learner reads off the figure are also written out (and read out as they change)."""
    demo = _build(module, builder)
    if demo.fig is not None:
        texts = [w.value for w in demo.texts.values()]
        assert any(re.search(r"\d", t) or A_WORD.search(t) for t in texts), f"{module}.{builder}: {texts}"


def _press(fig, key):
    x, y = fig.axes[0].transAxes.transform((0.5, 0.5))   # over the axes, where the shortcuts act
    KeyEvent("key_press_event", fig.canvas, key, x=x, y=y)._process()


@pytest.mark.parametrize("key, what", [("l", "y log scale"), ("k", "x log scale"), ("g", "grid")])
def test_course_figures_ignore_matplotlibs_keyboard_shortcuts(key, what):
    import matplotlib.pyplot as plt

    def state(ax):
        return ax.get_yscale(), ax.get_xscale(), ax.xaxis._major_tick_kw.get("gridOn"), \
            ax.yaxis._major_tick_kw.get("gridOn")

    # the control: a plain pyplot figure does change when the key is pressed
    plain = plt.figure()
    ax = plain.subplots()
    ax.plot([1, 2, 3], [1, 10, 100])
    before = state(ax)
    _press(plain, key)
    assert state(ax) != before, f"pressing {key!r} ({what}) did nothing even on a plain figure: the test cannot fail"
    plt.close(plain)
    fig, ax = plots.new_figure()
    ax.plot([1, 2, 3], [1, 10, 100])
    before = state(ax)
    _press(fig, key)
    assert state(ax) == before, f"pressing {key!r} on a course figure changed its {what}"


def test_a_still_picture_carries_its_text_alternative():
    fig, ax = plots.new_figure()
    ax.plot([0, 1], [0, 1], label="E")
    ax.set(title="The error", xlabel="w", ylabel="E")
    ax.legend()
    still = plots.static(fig)
    assert still.alt == "Figure: The error: E against w (showing E)."
    bundle = still._repr_mimebundle_()
    assert bundle["text/plain"] == f"Picture: {still.alt}" and bundle["image/png"].startswith("iVBOR")
    assert plots.static(fig, alt="An error curve").alt == "An error curve"
    with pytest.raises(ValueError, match=r"alt: got ''; expected a sentence saying what the picture shows"):
        plots.static(fig, alt="")


def test_a_still_picture_shows_its_words_under_it(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    fig, ax = plots.new_figure()
    ax.set(xlabel="x", ylabel="y")
    shown = []
    shell.display_pub.publish = lambda data, metadata=None, **kw: shown.append(data)
    plots.static(fig)._ipython_display_()
    assert "image/png" in shown[0]
    assert shown[1]["text/markdown"] == "<small>Picture: Figure: y against x.</small>"


def test_every_picture_in_the_notebooks_and_readme_has_alt_text():
    import nbformat

    missing = []
    texts = [("README.md", (ROOT / "README.md").read_text(encoding="utf-8"))]
    for path in LESSONS:
        nb = nbformat.read(path, as_version=4)
        texts += [(f"{path.name} cell {k}", c.source) for k, c in enumerate(nb.cells) if c.cell_type == "markdown"]
    for where, text in texts:
        missing += [f"{where}: {m}" for m in re.findall(r"!\[\s*\]\([^)]*\)", text)]
        missing += [f"{where}: {m[:80]}" for m in re.findall(r"<img\b[^>]*>", text)
                    if not re.search(r'\balt="[^"]+"', m)]
    assert not missing, "pictures without alt text:\n" + "\n".join(missing)


# --- in a browser (Voila, as in app mode) ----------------------------------------------------

JS_NAMES = """() => {
  const handles = Array.from(document.querySelectorAll('.widget-slider .noUi-handle'));
  const canvases = Array.from(document.querySelectorAll('.jupyter-matplotlib-canvas-div'));
  const imgs = Array.from(document.querySelectorAll('#rendered_cells img'));
  const demos = Array.from(document.querySelectorAll('.bplib-access')).map(h => h.parentElement);
  return {handles: handles.map(h => h.getAttribute('aria-label')),
          canvases: canvases.map(c => [c.getAttribute('role'), c.getAttribute('aria-label')]),
          imgs: imgs.map(i => [i.getAttribute('alt'), (i.getAttribute('src') || '').slice(0, 40)]),
          live: demos.filter(d => d.querySelector('.jupyter-matplotlib-canvas-div'))
                     .map(d => d.querySelectorAll('[aria-live="polite"]').length)};
}"""

# The controls a keyboard user must reach: slider handles, buttons, drop-downs, check boxes, text boxes.
JS_CONTROLS = """() => Array.from(document.querySelectorAll(
  '#rendered_cells .noUi-handle, #rendered_cells button:not(.jupyter-matplotlib-button), ' +
  '#rendered_cells select, #rendered_cells input, #rendered_cells textarea'))
  .filter(e => e.offsetParent !== null && !e.disabled)
  .map((e, k) => { e.dataset.bpKey = String(k); return k; }).length"""


# The focused element: its control number (JS_CONTROLS), its start, and a number of its own (to tell
# apart elements that look the same, like the pixels of lesson 07's drawing grid).
JS_FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return [null, 'the page itself', -1];
  if (e.dataset.bpSeen === undefined) e.dataset.bpSeen = String(window.__bpSeen = (window.__bpSeen || 0) + 1);
  return [e.dataset.bpKey ?? null, e.outerHTML.slice(0, 80), Number(e.dataset.bpSeen)];
}"""


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    need_chromium()
    work = tmp_path_factory.mktemp("voila-a11y")
    server = VoilaServer(ROOT / "notebooks", work)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Chromium in a thread of its own (test_browser.py may hold Playwright's sync API in this one)."""
    thread = BrowserThread(need_chromium(), tmp_path_factory.mktemp("chromium-a11y"))
    try:
        yield thread
    finally:
        thread.close()


def _named(page, timeout=20):
    """The accessible names once every handle, canvas and picture has one (or the last seen, after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while True:
        names = page.evaluate(JS_NAMES)
        done = all(names["handles"]) and all(role == "img" and label for role, label in names["canvases"]) \
            and all(alt and alt.strip() not in ("Image", "") for alt, _ in names["imgs"])   # the helper copies alt text late
        if done or time.monotonic() > deadline:
            return names
        time.sleep(0.25)


@pytest.mark.browser
@pytest.mark.parametrize("notebook", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_in_a_screen_reader_and_by_keyboard(notebook, voila, browser):
    browser.run(lambda context: _screen_reader_and_keyboard(context, notebook, voila))


def _screen_reader_and_keyboard(context, notebook, voila):
    page = voila.open(context, notebook.name)
    try:
        names = _named(page)
        unnamed = [k for k, name in enumerate(names["handles"]) if not name or not A_WORD.search(name)]
        assert not unnamed, f"{notebook.stem}: slider handles {unnamed} have no name in words: {names['handles']}"
        bad = [c for c in names["canvases"] if c[0] != "img" or not (c[1] or "").startswith("Figure")]
        assert not bad, f"{notebook.stem}: figures without role=img and a description: {bad}"
        assert all(n >= 1 for n in names["live"]), f"{notebook.stem}: a demo figure without a live text panel: {names['live']}"
        no_alt = [src for alt, src in names["imgs"] if not alt or alt.strip() in ("Image", "")]
        assert not no_alt, f"{notebook.stem}: pictures without alt text: {no_alt}"
        # what a screen reader gets: the accessibility tree names each slider
        if names["handles"]:
            tree = page.locator(".widget-slider").first.aria_snapshot()
            assert re.search(r'slider "[^"]*[A-Za-z]{3,}', tree), tree
        # every control is reached with Tab, in page order, and focus never gets stuck
        n = page.evaluate(JS_CONTROLS)
        page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
        reached, stuck = set(), 0
        last = None
        for _ in range(4 * n + 60):
            page.keyboard.press("Tab")
            key, where, seen = page.evaluate(JS_FOCUSED)
            stuck = stuck + 1 if seen == last else 0
            assert stuck < 3, f"{notebook.stem}: focus stuck on {where}"
            last = seen
            if key is not None:
                reached.add(int(key))
            if len(reached) == n:
                break
        missed = sorted(set(range(n)) - reached)
        assert not missed, (f"{notebook.stem}: {len(missed)} of {n} controls never got focus with Tab: " +
                            str(page.evaluate("(keys) => keys.map(k => document.querySelector("
                                              "`[data-bp-key='${k}']`).outerHTML.slice(0, 80))", missed[:5])))
    finally:
        page.close()


@pytest.mark.browser
def test_typing_on_a_focused_figure_changes_nothing(voila, browser):
    """Lesson 01's figure: matplotlib's `l`, `k`, `g`, `s`, `q` would change, save or close it."""
    browser.run(lambda context: _typing_on_figure(context, voila))


def _typing_on_figure(context, voila):
    page = voila.open(context, "01_one_weight.ipynb")
    try:
        demo = page.locator(".jp-OutputArea-output").filter(has=page.locator(SLIDER_HANDLE)).first
        before = voila.settled(demo)
        canvas = demo.locator(".jupyter-matplotlib-canvas-div").first
        canvas.focus()
        for key in "lkgsq":
            page.keyboard.press(key)
        time.sleep(2.0)   # a kernel round trip and a redraw take well under a second here
        after = voila.settled(demo)
        assert after["canvases"] == before["canvases"], "typing on the focused figure changed it"
        assert not after["canvases"][0]["blank"]
        # the control: the slider still changes the same figure, so a change would have been seen
        handle = demo.locator(SLIDER_HANDLE).first
        handle.focus()
        handle.press("ArrowRight")
        deadline = time.monotonic() + 20
        while demo.evaluate(JS_DEMO_STATE)["canvases"] == after["canvases"]:
            assert time.monotonic() < deadline, "the slider did not change the figure either"
            time.sleep(0.1)
    finally:
        page.close()


@pytest.mark.browser
def test_sliders_and_figures_are_named_in_jupyterlab_too(browser, tmp_path_factory):
    """Where most learners are: lesson 01 run in JupyterLab; its slider and figure get the same names."""
    import shutil

    work = tmp_path_factory.mktemp("lab-a11y")
    shutil.copytree(ROOT / "notebooks", work / "root" / "notebooks")
    server = LabServer(work / "root", work)
    try:
        browser.run(lambda context: _lesson_01_in_jupyterlab(context, server))
    finally:
        server.stop()


def _lesson_01_in_jupyterlab(context, server):
    page = context.new_page()
    try:
        page.route(lambda u: not u.startswith(server.base), lambda route: route.abort())
        page.goto(server.url(), wait_until="domcontentloaded", timeout=120_000)
        page.wait_for_function("() => !!window.jupyterapp", timeout=120_000)
        page.evaluate(JS_LAB_READY)
        page.evaluate(JS_OPEN, "notebooks/01_one_weight.ipynb")
        page.evaluate(JS_CONTEXT_READY)
        page.wait_for_function(JS_KERNEL_IDLE, timeout=120_000, polling=200)
        page.evaluate(JS_RUN_ALL)
        page.wait_for_selector(".jupyter-matplotlib-canvas-div canvas", timeout=120_000)
        page.wait_for_function(JS_KERNEL_IDLE, timeout=120_000, polling=200)
        names = _named(page)
        assert names["handles"] and all(A_WORD.search(n or "") for n in names["handles"]), names["handles"]
        assert names["canvases"] and all(r == "img" and (a or "").startswith("Figure") for r, a in names["canvases"])
        tree = page.locator(".widget-slider").first.aria_snapshot()
        assert 'slider "weight w"' in tree, tree
    finally:
        page.close()
