"""App mode: lessons opened in Voila draw their figures, and a slider changes them.

Voila runs every cell of a notebook and shows only text, widgets and figures. Two
ways are tested, in headless Chromium, offline:

- ``voila notebooks/`` (the README's command, here on the whole folder), lessons 01 and 05;
- Voila inside a Jupyter server, at ``/voila/render/notebooks/NN.ipynb``, which is the
  address the README's Binder app link opens (lesson 01).

For each: no error on the page, every ipympl figure drawn (its canvas is not
blank), and pressing an arrow key on a slider of the first demo that has a figure
changes that figure. ipympl inside Voila has had a known problem of controls
without a chart (voila-dashboards/voila#1319), so this is checked, not assumed.
Servers run on 127.0.0.1 with a random token and are stopped by their PID.

    python -m pytest tests/test_voila.py
"""

import time

import pytest

from tests.browser_lab import (JS_DEMO_STATE, JS_VOILA_PROBLEMS, ROOT, SLIDER_HANDLE, LabServer, VoilaServer,
                               BrowserThread, need_chromium, open_app, settled_state)

pytestmark = pytest.mark.browser

APP_LESSONS = ["01_one_weight", "05_three_layer_network"]
RESPONSE_TIMEOUT = 30   # s for a slider's effect to reach the figure (Voila under load)


@pytest.fixture(scope="module")
def chromium():
    return need_chromium()


@pytest.fixture(scope="module")
def voila(chromium, tmp_path_factory):
    server = VoilaServer(ROOT / "notebooks", tmp_path_factory.mktemp("voila"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser(chromium, tmp_path_factory):
    """Chromium in a thread of its own (test_browser.py may hold Playwright's sync API in this one)."""
    thread = BrowserThread(chromium, tmp_path_factory.mktemp("chromium-voila"))
    try:
        yield thread
    finally:
        thread.close()


def _check_app(page, stem):
    """Figures drawn, no error, and a slider that changes the first demo's figure: what it measured."""
    problems = page.evaluate(JS_VOILA_PROBLEMS)
    assert not problems, f"{stem} in Voila shows: {problems}"
    canvases = page.locator(".jupyter-matplotlib-canvas-div")
    assert canvases.count() >= 1, f"{stem} in Voila: no ipympl figure on the page"
    demos = page.locator(".jp-OutputArea-output").filter(has=page.locator(SLIDER_HANDLE)).filter(
        has=page.locator(".jupyter-matplotlib-canvas-div"))
    assert demos.count() >= 1, f"{stem} in Voila: no demo with a slider and a figure"
    demo = demos.first
    demo.scroll_into_view_if_needed()
    before = settled_state(demo)
    assert before["canvases"] and not any(c["blank"] for c in before["canvases"]), before
    handles = demo.locator(SLIDER_HANDLE)
    for s in range(min(handles.count(), 4)):
        handle = handles.nth(s)
        value = handle.get_attribute("aria-valuetext")
        handle.focus()
        handle.press("ArrowRight")
        if handle.get_attribute("aria-valuetext") == value:   # at its right end: go left
            handle.press("ArrowLeft")
            handle.press("ArrowLeft")
        start = time.monotonic()
        while time.monotonic() - start < RESPONSE_TIMEOUT:
            now = demo.evaluate(JS_DEMO_STATE)
            if now["canvases"] != before["canvases"] and not any(c["blank"] for c in now["canvases"]):
                return {"slider": s, "seconds": time.monotonic() - start}
            time.sleep(0.1)
    raise AssertionError(f"{stem} in Voila: moving {min(handles.count(), 4)} slider(s) did not change the figure")


@pytest.mark.parametrize("stem", APP_LESSONS)
def test_lesson_as_an_app_draws_and_answers_a_slider(stem, voila, browser, record_property):
    def check(context):
        start = time.monotonic()
        page = voila.open(context, f"{stem}.ipynb")
        try:
            loaded = time.monotonic() - start
            result = _check_app(page, stem)
            errors = [e for e in page.errors if "net::ERR_FAILED" not in e]
            assert not errors, f"{stem} in Voila: errors in the page: {errors}"
            return loaded, result
        finally:
            page.close()

    loaded, result = browser.run(check)
    record_property("seconds_to_app", round(loaded, 1))
    record_property("slider_to_new_figure_s", round(result["seconds"], 2))


def test_binders_app_link_opens_lesson_01_through_the_jupyter_server(chromium, browser, tmp_path_factory):
    """The README's Binder app link ends in ``?urlpath=voila/render/notebooks/NN.ipynb``: the same path here.

    With the server configured as ``binder/postBuild`` configures it on Binder.
    """
    import shutil

    work = tmp_path_factory.mktemp("lab-voila")
    shutil.copytree(ROOT / "notebooks", work / "root" / "notebooks")
    # the server configuration binder/postBuild installs (Voila needs the synchronous contents manager)
    (work / "jupyter_config_dir").mkdir()
    shutil.copy(ROOT / "binder" / "jupyter_server_config.json", work / "jupyter_config_dir" / "jupyter_server_config.json")
    server = LabServer(work / "root", work)

    def check(context):
        url = f"{server.base}/voila/render/notebooks/01_one_weight.ipynb?token={server.token}"
        page = open_app(context, url, server.base, log_tail=server.log_tail)
        try:
            return _check_app(page, "01_one_weight (jupyter server)")
        finally:
            page.close()

    try:
        browser.run(check)
    finally:
        server.stop()
