"""Each lesson as a learner uses it: JupyterLab in a real (headless) Chromium.

For every ``notebooks/NN_*.ipynb``: open it in JupyterLab, run all cells,
wait until the kernel has really finished, check that no cell shows an error,
then move a slider of each demo with the keyboard (focus the handle, press an
arrow key) and check that the figure (the ipympl canvas) and the printed values
(the demo's HTML panels) change. Lesson 00 may have no slider.

It also measures the *time to first slider*: seconds from opening the notebook
(in a JupyterLab already loaded; its own load time is reported once) to all
cells run and the first slider answering. Timings are printed at the end of
the run and written, with before/after screenshots of every demo, to
``tests/screenshots/`` (gitignored). The page is offline: requests to any
other address than the test's server are refused and listed in the summary.

    python -m pytest tests/test_browser.py              # all lessons
    python -m pytest tests/test_browser.py -k 03        # one lesson
    BPLIB_SCREENSHOTS=notebooks/images python -m pytest tests/test_browser.py
                                                        # also save the README's pictures

Needs Chromium (``sudo apt-get install chromium``, or ``BPLIB_CHROMIUM=/path``);
without it the test is skipped, except under CI (``CI=true``), where that fails.
One JupyterLab server and one browser serve the whole session; the server runs
on a temporary copy of ``notebooks/`` so the repository's files are never saved to.
"""

import os
import pathlib
import re
import shutil
import time

import pytest

from tests.browser_lab import (DEMO_SELECTOR, JS_CELLS, JS_CLOSE, JS_CONTEXT_READY,
                               JS_DEMO_OVERFLOW, JS_DEMO_STATE, JS_KERNEL_IDLE, JS_LAB_READY, JS_OPEN,
                               JS_PAGE_PROBLEMS, JS_RUN_ALL, ROOT, SCREENSHOTS, SLIDER_HANDLE, LabServer,
                               TimingReport, blit_check, launch_browser, need_chromium, optimise_png)

pytestmark = pytest.mark.browser

NOTEBOOKS = pathlib.Path(os.environ.get("BPLIB_BROWSER_NOTEBOOKS", ROOT / "notebooks"))
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))

LOAD_TIMEOUT = 90       # s: JupyterLab loaded, notebook open, kernel idle
RUN_TIMEOUT = 180       # s: all cells run
RESPONSE_TIMEOUT = 20   # s: a slider's effect reaches the page
TARGET = 15.0           # s: time to first slider we aim for on the development machine
BAD_NUMBER = re.compile(r"\b(nan|inf)\b", re.IGNORECASE)
# Which demo of a lesson makes its README picture (counted from 0, in notebook order; default 0).
README_DEMO = {"02_gradient_descent": 1, "03_one_neuron": 1, "05_three_layer_network": 1,
               "06_training_in_practice": 2, "07_reading_characters": 1}


@pytest.fixture(scope="session")
def chromium():
    """Chromium's path; skips (fails under CI) when it or Python's playwright is missing."""
    return need_chromium()


@pytest.fixture(scope="session")
def timings(request):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):  # pictures from an earlier run would mislead
        old.unlink()
    report = TimingReport(SCREENSHOTS / "timings.txt")
    request.config.pluginmanager.register(report, "bplib-browser-timings")
    return report


@pytest.fixture(scope="module")
def lab(chromium, tmp_path_factory):
    """One JupyterLab server for this module's tests, serving a copy of notebooks/ (stopped even on failure)."""
    work = tmp_path_factory.mktemp("jupyterlab")
    root = work / "root"
    shutil.copytree(NOTEBOOKS, root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    server = LabServer(root, work)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser(chromium, tmp_path_factory):
    """One headless Chromium for this module's tests (closed even on failure).

    Module scope, not session: Playwright's sync API runs an asyncio loop in this thread while it is
    open, and later tests that run their own loop (the playground's Play) must not find one running.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # README pictures are taken at twice the pixel density, then shrunk: sharper text
        scale = 2 if os.environ.get("BPLIB_SCREENSHOTS") else 1
        context = launch_browser(playwright, chromium, tmp_path_factory.mktemp("chromium-profile"),
                                 scale=scale)
        try:
            yield context
        finally:
            context.close()


class LabPage:
    """One JupyterLab page, loaded once and reused; reloaded after a test that failed."""

    def __init__(self, lab, browser, timings):
        self.lab, self.browser, self.timings = lab, browser, timings
        self.page = None
        self.errors = []
        self.external = timings.external  # addresses outside the test server the page asked for

    def get(self):
        if self.page is None:
            self.errors = []
            self.page = self.browser.new_page()
            self.page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {str(exc)[:300]}"))
            self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(
                f"console: {msg.text[:300]}"))
            # The test is offline: anything not served by our JupyterLab is refused, and named
            # (the notebooks' Binder badge image is the one expected)
            self.page.route(lambda url: not url.startswith(self.lab.base), self._refuse)
            start = time.monotonic()
            self.page.goto(self.lab.url(), wait_until="domcontentloaded", timeout=LOAD_TIMEOUT * 1000)
            _wait(self.page, "() => !!window.jupyterapp", timeout=LOAD_TIMEOUT, what="JupyterLab to load")
            self.page.evaluate(JS_LAB_READY)
            self.timings.lab_load = time.monotonic() - start
        else:
            self.page.evaluate(JS_LAB_READY)
        return self.page

    def _refuse(self, route):
        url = route.request.url
        self.external.add(url.split("?")[0][:100])
        route.abort()

    def discard(self):
        if self.page is not None:
            self.page.close()
            self.page = None


@pytest.fixture(scope="module")
def lab_page(lab, browser, timings):
    holder = LabPage(lab, browser, timings)
    try:
        yield holder
    finally:
        holder.discard()


def _wait(page, js, arg=None, timeout=30, what="condition"):
    try:
        page.wait_for_function(js, arg=arg, timeout=timeout * 1000, polling=100)
    except Exception as exc:  # playwright's TimeoutError
        try:  # a dialog in the way (e.g. "Select Kernel") says why
            dialog = page.evaluate("() => Array.from(document.querySelectorAll('.jp-Dialog'))"
                                   ".map(d => d.innerText.trim()).join(' / ')")
        except Exception:
            dialog = ""
        raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}"
                             + (f"; JupyterLab shows a dialog: {dialog!r}" if dialog else "")) from exc


def _kernel_settled(page, timeout):
    """The kernel is idle and stays idle for half a second (widget messages can follow run-all)."""
    deadline = time.monotonic() + timeout
    while True:
        _wait(page, JS_KERNEL_IDLE, timeout=max(deadline - time.monotonic(), 1), what="an idle kernel")
        time.sleep(0.5)
        if page.evaluate(JS_KERNEL_IDLE):
            return


def _settled_state(demo, timeout=20):
    """The demo's state once its figures are drawn and nothing changes for 0.3 s."""
    deadline = time.monotonic() + timeout
    state = demo.evaluate(JS_DEMO_STATE)
    while time.monotonic() < deadline:
        time.sleep(0.3)
        again = demo.evaluate(JS_DEMO_STATE)
        drawn = all(not c["blank"] for c in again["canvases"])
        if again == state and drawn:
            return again
        state = again
    missing = [c["detail"] for c in state["canvases"] if c["hash"] == "none"]
    if missing:
        raise AssertionError(f"a figure of this demo never appeared (its canvas: {missing}); "
                             f"the demo shows: {state['texts']}")
    raise AssertionError(f"the demo never settled (figure blank or still changing): {state}")


def _move_slider(demo, handle):
    """Focus the slider handle and press an arrow key (the other way if it sits at an end)."""
    vertical = demo.page.evaluate("(h) => !!h.closest('.widget-vslider')", handle.element_handle())
    keys = ("ArrowUp", "ArrowDown") if vertical else ("ArrowRight", "ArrowLeft")
    # aria-valuenow is rounded to one decimal (0.80 and 0.85 both read "0.8"); valuetext is not
    def position():
        return handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuetext")

    for key in keys:
        before = position()
        handle.focus()
        handle.press(key)
        for _ in range(20):
            if position() != before:
                return key
            time.sleep(0.05)
    raise AssertionError(f"slider {handle.get_attribute('aria-valuetext')} did not move with {keys}")


def _response(demo, before, timeout=RESPONSE_TIMEOUT, quiet=1.5):
    """Wait until the figure or the panels change, then until they settle: ``(when, state)``.

    ``when`` is ``None`` when nothing changed while the kernel sat idle for ``quiet``
    seconds (the control really changes nothing on its own), or after ``timeout``.
    """
    start = time.monotonic()
    idle_since = None
    while time.monotonic() - start < timeout:
        now = demo.evaluate(JS_DEMO_STATE)
        if now["canvases"] != before["canvases"] or now["texts"] != before["texts"]:
            seen = time.monotonic()
            return seen, _settled_state(demo, timeout=10)
        if demo.page.evaluate(JS_KERNEL_IDLE):
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since > quiet:
                break
        else:
            idle_since = None
        time.sleep(0.05)
    return None, demo.evaluate(JS_DEMO_STATE)


def _press_button(demo):
    """Press (with the keyboard) the demo's button that makes something happen: Step, Train, Run..."""
    buttons = demo.locator("button.jupyter-button:not(.jupyter-matplotlib-button)")
    names = [b.strip() for b in buttons.all_inner_texts()]
    ranked = sorted(range(len(names)), key=lambda i: (
        not re.search(r"step|train|run|go|next|start", names[i], re.I),
        bool(re.search(r"reset|clear|stop", names[i], re.I)), i))
    if not ranked:
        return None
    button = buttons.nth(ranked[0])
    button.focus()
    button.press("Enter")
    return names[ranked[0]]


def _exercise_demo(demo, stem, d, row, clock, readme_dir=None):
    """Move the demo's sliders (at most four) with the keyboard until its figure and text answer.

    If no slider changes anything on its own (a trainer's η, say), press its Step/Train
    button, as a learner would. Returns ``(figure changed, text changed, has figure, has text)``.
    """
    before = _settled_state(demo)
    has_canvas, has_text = bool(before["canvases"]), any(before["texts"])
    t_shot = time.monotonic()  # (time spent on screenshots is not counted in the time to first slider)
    _save(demo, SCREENSHOTS / f"{stem}-demo{d}-before.png")
    if readme_dir and d == README_DEMO.get(stem, 0):
        # the README's picture: the demo as the lesson sets it up, no focus ring, no hover
        demo.page.evaluate("() => document.activeElement && document.activeElement.blur()")
        demo.page.mouse.move(0, 0)
        target = pathlib.Path(readme_dir)
        target = target if target.is_absolute() else ROOT / target
        optimise_png(demo.screenshot(animations="disabled"), target / f"{stem}.png")
    clock[0] += time.monotonic() - t_shot
    handles = demo.locator(SLIDER_HANDLE)
    moved, fig_seen, txt_seen = [], False, False
    for s in range(min(handles.count(), 4)):
        handle = handles.nth(s)
        key = _move_slider(demo, handle)
        moved.append(f"{_label(handle)} ({key})")
        seen, after = _response(demo, before)
        if seen is not None and "first_slider" not in row:
            row["first_slider"] = seen - clock[0]
        fig, txt = after["canvases"] != before["canvases"], after["texts"] != before["texts"]
        fig_seen, txt_seen = fig_seen or fig, txt_seen or txt
        _check_texts(after, f"{stem} demo {d}: after moving {moved[-1]}")
        before = after
        # enough once this demo's figure (if it has one) and its text (if any) have answered
        if (fig_seen or not has_canvas) and (txt_seen or not has_text):
            break
    if not (fig_seen or txt_seen):
        name = _press_button(demo)
        if name is not None:
            moved.append(f"then the button {name!r} (Enter)")
            row["notes"].append(f"demo {d}: sliders alone change nothing; pressed {name!r}")
            seen, after = _response(demo, before)
            fig_seen = after["canvases"] != before["canvases"]
            txt_seen = after["texts"] != before["texts"]
            _check_texts(after, f"{stem} demo {d}: after pressing {name!r}")
    assert fig_seen or txt_seen, f"{stem} demo {d}: nothing changed on screen after moving {', '.join(moved)}"
    for problem in demo.evaluate(JS_DEMO_OVERFLOW):  # reported, not failed: the layout is a judgement
        row["notes"].append(f"demo {d} layout: {problem}")
    _save(demo, SCREENSHOTS / f"{stem}-demo{d}-after.png")
    return fig_seen, txt_seen, has_canvas, has_text


def _check_texts(state, where):
    bad = [t for t in state["texts"] if BAD_NUMBER.search(t) or "That did not work" in t]
    assert not bad, f"{where} the panel shows {bad}"


def _label(handle):
    return handle.evaluate(
        "(h) => { const s = h.closest('.widget-slider'); const l = s && s.querySelector('.widget-label');"
        " return (l && l.innerText.trim()) || '(no label)'; }")


def _save(demo, path):
    path.write_bytes(demo.screenshot(animations="disabled"))


@pytest.mark.parametrize("notebook", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_in_jupyterlab(notebook, lab, lab_page, timings, record_property):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    readme_dir = os.environ.get("BPLIB_SCREENSHOTS")
    stem = notebook.stem
    path = f"notebooks/{notebook.name}"
    page = lab_page.get()
    page_errors = lab_page.errors
    del page_errors[:]
    row = {"notebook": stem, "notes": []}
    t0 = time.monotonic()
    try:
        # 1. open the notebook (as a double click in the file browser does); wait for its
        #    kernel to exist, connect and be idle
        panel_id = page.evaluate(JS_OPEN, path)
        page.evaluate(JS_CONTEXT_READY)
        row["opened"] = time.monotonic() - t0
        _kernel_settled(page, LOAD_TIMEOUT)
        row["ready"] = time.monotonic() - t0

        # 2. run all cells, as Run > Run All Cells does; wait until the kernel has finished
        page.evaluate(JS_RUN_ALL)
        _kernel_settled(page, RUN_TIMEOUT)
        row["run_all"] = time.monotonic() - t0
        cells = page.evaluate(JS_CELLS)
        timed = [c for c in cells if c["seconds"] is not None]
        if timed:
            slow = max(timed, key=lambda c: c["seconds"])
            first_line = slow["source"].splitlines()[0] if slow["source"] else ""
            row["slowest"] = (f"{sum(c['seconds'] for c in timed):.1f} s in the kernel; slowest: cell "
                              f"{slow['index']} {slow['seconds']:.1f} s {first_line[:40]!r}")

        # 3. no cell shows an error; every code cell ran
        errors = [f"cell {c['index']} ({c['source'][:60]!r}): {e}" for c in cells for e in c["errors"]]
        assert not errors, f"{stem}: error output after Run All:\n" + "\n".join(errors)
        not_run = [c["index"] for c in cells if c["count"] is None and c["source"].strip()]
        assert not not_run, f"{stem}: cells {not_run} did not run"
        problems = page.evaluate(JS_PAGE_PROBLEMS)
        assert not problems, f"{stem}: the page shows problems:\n" + "\n".join(problems)

        # 4. every demo: move a slider with the keyboard; the figure and the numbers must change
        panel = page.locator(f'[id="{panel_id}"]')
        demos = panel.locator(DEMO_SELECTOR).filter(has=page.locator(SLIDER_HANDLE))
        n_demos = demos.count()
        if n_demos == 0:
            assert stem.startswith("00"), f"{stem}: no slider found; every lesson after 00 has a demo"
            row["notes"].append("no slider (runs without errors)")
        figure_changed = text_changed = has_canvas = has_text = False
        clock = [t0]  # shifted by the time screenshots take
        for d in range(n_demos):
            demo = demos.nth(d)
            demo.scroll_into_view_if_needed()
            fig, txt, canvas, text = _exercise_demo(demo, stem, d, row, clock, readme_dir)
            figure_changed, text_changed = figure_changed or fig, text_changed or txt
            has_canvas, has_text = has_canvas or canvas, has_text or text
        if n_demos:
            assert figure_changed or not has_canvas, f"{stem}: no slider changed a figure"
            assert text_changed or not has_text, f"{stem}: no slider changed the printed values"
        # 5. a demo that redraws only what moved (Demo.animate: blitting, sent as ipympl's diff frames)
        #    shows what a full draw shows: drawing its figure in full again changes no canvas
        blit = blit_check(page, lambda: _kernel_settled(page, RUN_TIMEOUT))
        if blit is not None:
            row["notes"].append(f"{blit[0]} blitting demo(s) checked against a full draw")
            assert not blit[2], f"{stem}: a blitted frame was not the full draw's: {'; '.join(blit[2])}"
        page.screenshot(path=str(SCREENSHOTS / f"{stem}-page.png"))
        problems = page.evaluate(JS_PAGE_PROBLEMS)
        assert not problems, f"{stem}: after moving sliders the page shows:\n" + "\n".join(problems)
        # (net::ERR_FAILED is a request we refused: the summary names those addresses)
        page_errors = [e for e in page_errors if "net::ERR_FAILED" not in e]
        if page_errors:
            row["notes"].append(f"page errors: {page_errors[:3]}")
        first = row.get("first_slider")
        if first is not None and first > TARGET:
            row["notes"].append(f"first slider after {first:.1f} s (target {TARGET:.0f} s)")
    except BaseException as exc:
        failed = True
        row["notes"].append(f"FAILED: {str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__}")
        try:
            page.screenshot(path=str(SCREENSHOTS / f"{stem}-FAILED.png"))
        except Exception:
            pass
        if page_errors:
            print(f"page errors in {stem}:", *page_errors, sep="\n  ")
        print(f"jupyter lab log (last lines):\n{lab.log_tail()}")
        raise
    else:
        failed = False
    finally:
        timings.add(row)
        for key in ("opened", "ready", "run_all", "first_slider"):
            if row.get(key) is not None:
                record_property(f"{key}_seconds", round(row[key], 2))
        try:
            page.evaluate(JS_CLOSE)
        except Exception:
            failed = True
        if failed:  # start the next lesson on a freshly loaded JupyterLab
            lab_page.discard()
