"""Lesson 06's playground as a learner uses it: JupyterLab in a real (headless) Chromium.

Open lesson 06, run all cells, then in the playground: press Play and see the epoch counter advance and
the figure change while the kernel trains in its own loop; press Pause and see both stop; press Step and
see exactly one more epoch. Moving a slider while it plays (η) must not stop it. A click on the middle
picture chooses another training point for the inspector.

    python -m pytest tests/test_browser_playground.py

Needs Chromium and playwright (as tests/test_browser.py); without them it is skipped, except under
CI (``CI=true``), where that fails. The server runs on a temporary copy of ``notebooks/``.
"""

import os
import re
import shutil
import time

import pytest

from tests.browser_lab import (DEMO_SELECTOR, JS_CONTEXT_READY, JS_DEMO_OVERFLOW, JS_DEMO_STATE, JS_KERNEL_IDLE,
                               JS_LAB_READY, JS_OPEN, JS_PAGE_PROBLEMS, JS_RUN_ALL, ROOT, SCREENSHOTS, BrowserThread,
                               LabServer, need_chromium, optimise_png)

pytestmark = pytest.mark.browser

NOTEBOOK = "notebooks/06_training_in_practice.ipynb"
EPOCH = re.compile(r"Epoch (\d+)")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of the notebooks, and Chromium in a thread of its own
    (tests/test_browser.py may hold Playwright's sync API in this one for the whole session)."""
    chromium = need_chromium()
    work = tmp_path_factory.mktemp("playground-lab")
    shutil.copytree(ROOT / "notebooks", work / "root" / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    server = LabServer(work / "root", work)
    thread = None
    try:
        thread = BrowserThread(chromium, work / "profile")
        yield server, thread
    finally:
        if thread is not None:
            thread.close()
        server.stop()


def _open_lesson(context, server):
    """Lesson 06 open in JupyterLab, every cell run and the kernel settled."""
    page = context.new_page()
    page.route(lambda url: not url.startswith(server.base), lambda route: route.abort())
    page.goto(server.url(), wait_until="domcontentloaded", timeout=90_000)
    page.wait_for_function("() => !!window.jupyterapp", timeout=90_000)
    page.evaluate(JS_LAB_READY)
    page.evaluate(JS_OPEN, NOTEBOOK)
    page.evaluate(JS_CONTEXT_READY)
    page.wait_for_function(JS_KERNEL_IDLE, timeout=90_000, polling=200)
    page.evaluate(JS_RUN_ALL)
    _settle(page, 240)
    return page


def _settle(page, timeout):
    """The kernel idle, and still idle half a second later (widget messages follow Run All)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.wait_for_function(JS_KERNEL_IDLE, timeout=timeout * 1000, polling=200)
        time.sleep(0.5)
        if page.evaluate(JS_KERNEL_IDLE):
            return
    raise AssertionError(f"the kernel was still busy after {timeout} s")


def _epoch(demo):
    found = EPOCH.search(demo.inner_text())
    assert found, f"no epoch counter in the playground: {demo.inner_text()[:300]!r}"
    return int(found.group(1))


def _canvas(demo):
    return demo.evaluate(JS_DEMO_STATE)["canvases"]


def _wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def _button(demo, name):
    return demo.locator("button.jupyter-button", has_text=re.compile(rf"^\s*{name}\s*$"))


def test_play_pause_and_step_in_jupyterlab(lab):
    server, thread = lab
    thread.run(lambda context: _play_pause_and_step(_open_lesson(context, server)))


def _play_pause_and_step(page):
    problems = page.evaluate(JS_PAGE_PROBLEMS)
    assert not problems, problems
    demo = page.locator(DEMO_SELECTOR).filter(has_text="Show as code")
    assert demo.count() == 1, "one playground in lesson 06"
    demo.scroll_into_view_if_needed()
    _wait_until(lambda: all(not c["blank"] for c in _canvas(demo)) and _canvas(demo), 30, "the figure")
    assert _epoch(demo) == 0, "Play does not start by itself"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)     # gitignored: to look at, not compared
    demo.screenshot(path=str(SCREENSHOTS / "06-playground-before-play.png"))
    assert demo.evaluate(JS_DEMO_OVERFLOW) == [], "everything fits in the notebook's width"
    figure = _canvas(demo)

    _button(demo, "Play").click()
    _wait_until(lambda: _epoch(demo) >= 20, 60, "20 epochs of Play")
    _wait_until(lambda: _canvas(demo) != figure, 20, "the figure to change while it plays")
    playing = _epoch(demo)
    time.sleep(1.0)
    assert _epoch(demo) > playing, "it keeps playing"

    η = demo.locator(".widget-slider", has_text="η").locator(".noUi-handle")
    η.focus()
    η.press("ArrowLeft")             # a slider moved while it plays: it goes on playing
    moved = _epoch(demo)
    _wait_until(lambda: _epoch(demo) > moved + 10, 30, "more epochs after η moved")

    _button(demo, "Pause").click()
    _wait_until(lambda: _button(demo, "Play").count() == 1, 10, "the button to read Play again")
    time.sleep(1.0)                  # a frame under way may still arrive
    paused = _epoch(demo)
    time.sleep(1.5)
    assert _epoch(demo) == paused, "paused: no more epochs"

    _button(demo, "Step").click()
    _wait_until(lambda: _epoch(demo) != paused, 20, "Step to train")
    time.sleep(1.0)
    assert _epoch(demo) == paused + 1, "Step trains exactly one epoch"
    # a click in the middle picture chooses the training point nearest to it for the inspector
    assert "at training point 0 " in demo.inner_text()
    canvas = demo.locator(".jupyter-matplotlib-canvas-div").first
    box = canvas.bounding_box()
    canvas.click(position={"x": box["width"] * 0.52, "y": box["height"] * 0.45})
    _wait_until(lambda: "at training point 0 " not in demo.inner_text(), 20, "a click to choose another point")
    assert re.search(r"at training point \d+ ", demo.inner_text())
    assert not page.evaluate(JS_PAGE_PROBLEMS)
    assert "That did not work" not in demo.inner_text()
    demo.screenshot(path=str(SCREENSHOTS / "06-playground-after-play.png"))
    readme_dir = os.environ.get("BPLIB_SCREENSHOTS")   # the README's picture of the playground
    if readme_dir:
        optimise_png(demo.screenshot(), ROOT / readme_dir / "06_playground.png")
