"""Helpers for the browser test: a throw-away JupyterLab server, Chromium, and what the page shows.

Used by ``tests/test_browser.py``. Nothing here touches the repository's
notebooks: the server runs on a copy of the ``notebooks/`` folder, with its
own configuration, runtime, settings and workspace folders in a temporary
directory, JupyterLab's news and update checks off and autosave off.

The page is read through ``window.jupyterapp`` (the server is started with
``--LabApp.expose_app_in_browser=True``), so "the kernel is ready" and "every
cell has run" come from JupyterLab's own session and notebook models, not from
the toolbar's idle badge (which reads idle before a kernel exists).
"""

import io
import json
import os
import pathlib
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
OVERRIDES = ROOT / "binder" / "overrides.json"   # what Binder uses: news and update checks off
SCREENSHOTS = ROOT / "tests" / "screenshots"      # gitignored; before/after pictures and timings.txt

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]

HOW_TO_ENABLE = ("the browser test needs Chromium: `sudo apt-get install chromium` "
                 "(Debian/Ubuntu), or set BPLIB_CHROMIUM=/path/to/chromium")

# Settings used only by the test, on top of binder/overrides.json:
TEST_OVERRIDES = {
    # never write the (copied) notebooks back
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    # keep every cell in the page (no virtual scrolling), and record per-cell run times
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none", "recordTiming": True},
}


def in_ci():
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def find_chromium():
    """Path of a Chromium to drive, or ``None``; ``BPLIB_CHROMIUM`` wins when set."""
    wanted = os.environ.get("BPLIB_CHROMIUM")
    if wanted:
        return wanted if os.access(wanted, os.X_OK) else None
    for candidate in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def merged_overrides():
    settings = json.loads(OVERRIDES.read_text(encoding="utf-8")) if OVERRIDES.exists() else {}
    for plugin, values in TEST_OVERRIDES.items():
        settings.setdefault(plugin, {}).update(values)
    return settings


class _Server:
    """A Jupyter server (``jupyter lab``, ``voila``) as its own process on 127.0.0.1, a random port and
    a random token, every Jupyter folder it writes to under ``workdir``; stopped by its PID in
    :meth:`stop` (safe to call twice). Subclasses give the command line and the address that
    answers once the server is up."""

    FOLDERS = ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR")

    def __init__(self, workdir, log_name):
        self.workdir = pathlib.Path(workdir)
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = self.workdir / log_name
        self._log = None
        self.process = None

    def _env(self):
        env = dict(os.environ)
        for name in self.FOLDERS:
            folder = self.workdir / name.lower()
            folder.mkdir(parents=True, exist_ok=True)
            env[name] = str(folder)
        return env

    def _start(self, args, cwd, ready_url, timeout):
        """Run ``python -m args...`` and wait until ``ready_url`` answers 200 (stopped if it never does)."""
        self._log = open(self.log_path, "w", encoding="utf-8")
        self.process = subprocess.Popen([sys.executable, "-m", *args], env=self._env(), cwd=cwd,
                                        stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.pid = self.process.pid
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"{args[0]} exited with code {self.process.returncode}:\n{self.log_tail()}")
                try:
                    with urllib.request.urlopen(ready_url, timeout=2) as reply:
                        if reply.status == 200:
                            return
                except OSError:
                    pass
                time.sleep(0.25)
            raise TimeoutError(f"{args[0]} did not answer within {timeout} s:\n{self.log_tail()}")
        except BaseException:
            self.stop()
            raise

    def log_tail(self, lines=15):
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def _before_stop(self):
        """What to do while the server still runs, before it is stopped (nothing here)."""

    def stop(self):
        """Stop the server by its PID: terminate, wait, kill if it will not go."""
        if self.process is not None and self.process.poll() is None:
            self._before_stop()
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self._log is not None and not self._log.closed:
            self._log.close()


class LabServer(_Server):
    """``jupyter lab`` serving ``root`` (``None``: jupyter's own choice) with its own settings."""

    FOLDERS = _Server.FOLDERS + ("JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR")

    def __init__(self, root, workdir, startup_timeout=60, extra_args=(), cwd=None):
        super().__init__(workdir, "jupyter-lab.log")
        self.root = None if root is None else pathlib.Path(root)
        app_settings = self.workdir / "app_settings"
        app_settings.mkdir(parents=True, exist_ok=True)
        # JupyterLab reads <app_settings_dir>/overrides.json (what Binder's postBuild installs
        # under <prefix>/share/jupyter/lab/settings/), so the venv itself is never touched.
        (app_settings / "overrides.json").write_text(json.dumps(merged_overrides(), indent=1))
        self._start(["jupyter", "lab", "--no-browser", "--allow-root",
                     "--ip=127.0.0.1", f"--port={self.port}", "--ServerApp.port_retries=0",
                     f"--ServerApp.token={self.token}",
                     *([f"--ServerApp.root_dir={self.root}"] if self.root else []),
                     "--LabApp.expose_app_in_browser=True", f"--LabApp.app_settings_dir={app_settings}",
                     "--ServerApp.open_browser=False", *extra_args],
                    cwd, self.api("status"), startup_timeout)

    def api(self, path):
        return f"{self.base}/api/{path}?token={self.token}"

    def url(self, path=""):
        return f"{self.base}/lab/{'tree/' + path if path else ''}?token={self.token}&reset"

    def shutdown_kernels(self):
        """Best effort: ask the server to stop every kernel it started."""
        try:
            with urllib.request.urlopen(self.api("kernels"), timeout=5) as reply:
                kernels = json.load(reply)
            for kernel in kernels:
                request = urllib.request.Request(self.api(f"kernels/{kernel['id']}"), method="DELETE")
                urllib.request.urlopen(request, timeout=10).close()
        except (OSError, ValueError):
            pass

    _before_stop = shutdown_kernels


def need_chromium():
    """Chromium's path for a browser test; skips it (fails under ``CI=true``) when Chromium or playwright is missing."""
    import pytest

    def unavailable(reason):
        if in_ci():
            pytest.fail(f"CI=true but {reason}: {HOW_TO_ENABLE}", pytrace=False)
        pytest.skip(f"{reason}; {HOW_TO_ENABLE}")

    path = find_chromium()
    if path is None:
        where = os.environ.get("BPLIB_CHROMIUM")
        unavailable(f"BPLIB_CHROMIUM={where} is not an executable" if where else "no Chromium found")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("the Python package playwright is not installed (pip install playwright)")
    return path


# Voila has run every cell and shown the page (its "Running ..." screen is gone).
JS_VOILA_DONE = """() => !document.getElementById('loading') && !!document.getElementById('rendered_cells')
  && document.getElementById('rendered_cells').style.display !== 'none'"""

# What a learner would read as broken in a Voila page.
JS_VOILA_PROBLEMS = """() => {
  const problems = []; const root = document.getElementById('rendered_cells') || document.body;
  for (const el of root.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
    if (/Traceback|Error/.test(el.innerText)) problems.push('error shown: ' + el.innerText.slice(0, 300));
  const text = root.innerText || '';
  for (const bad of ['There was an error when executing cell', 'Error displaying widget', 'That did not work'])
    if (text.includes(bad)) problems.push(bad);
  return problems;
}"""


class VoilaServer(_Server):
    """``voila`` serving a folder of notebooks as apps; a notebook opens at :meth:`url`."""

    def __init__(self, root, workdir, startup_timeout=60):
        super().__init__(workdir, "voila.log")
        self.root = pathlib.Path(root)
        self._start(["voila", str(self.root), "--no-browser", "--Voila.ip=127.0.0.1",
                     f"--port={self.port}", f"--token={self.token}", "--Voila.port_retries=0"],
                    self.workdir, f"{self.base}/?token={self.token}", startup_timeout)

    def url(self, notebook):
        return f"{self.base}/voila/render/{notebook}?token={self.token}"

    def open(self, browser, notebook, timeout=180):
        """A new page showing ``notebook`` as an app, once every cell has run and its widgets are drawn.

        The page is offline: requests to other addresses are refused (and listed in ``page.refused``).
        """
        return open_app(browser, self.url(notebook), self.base, timeout, self.log_tail)

    @staticmethod
    def settled(demo, timeout=30):
        """The demo's :data:`JS_DEMO_STATE` once its figures are drawn and stay the same for 0.5 s."""
        return settled_state(demo, timeout)


def open_app(browser, url, base, timeout=180, log_tail=lambda: ""):
    """Open ``url`` (a Voila page) in a new page of ``browser``; return it once the app is ready."""
    page = browser.new_page()
    page.refused = []
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)[:300]))

    def refuse(route):
        page.refused.append(route.request.url.split("?")[0][:100])
        route.abort()

    page.route(lambda u: not u.startswith(base), refuse)
    try:
        page.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
        page.wait_for_function(JS_VOILA_DONE, timeout=timeout * 1000, polling=200)
        # widgets render after the cells are shown: wait until the number of slider handles holds still
        count, same_since = -1, time.monotonic()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            now = page.locator(".widget-slider .noUi-handle, .jupyter-matplotlib-canvas-div").count()
            if now != count:
                count, same_since = now, time.monotonic()
            elif time.monotonic() - same_since > 2.0:
                break
            time.sleep(0.2)
    except Exception as exc:
        page.close()
        raise AssertionError(f"the app at {url.split('?')[0]} did not finish loading: {exc}\n{log_tail()}") from exc
    return page


def settled_state(demo, timeout=30):
    """The demo's :data:`JS_DEMO_STATE` once its figures are drawn and stay the same for 0.5 s."""
    deadline = time.monotonic() + timeout
    state = demo.evaluate(JS_DEMO_STATE)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        again = demo.evaluate(JS_DEMO_STATE)
        if again == state and all(not c["blank"] for c in again["canvases"]):
            return again
        state = again
    raise AssertionError(f"the demo's figure stayed blank or kept changing for {timeout} s: {state}")


class BrowserThread:
    """A headless Chromium driven from a thread of its own; :meth:`run` calls ``fn(context)`` there.

    Playwright's sync API allows one instance per thread, and ``tests/test_browser.py`` keeps one
    open for the whole session; a test module that needs its own browser in the same pytest run
    (in any order) drives it from this thread instead. Pages must be used inside ``fn`` only.
    """

    def __init__(self, chromium, profile_dir, **launch_kw):
        import concurrent.futures
        import queue
        import threading

        self._future = concurrent.futures.Future
        self._jobs = queue.Queue()
        self._ready = self._future()
        self._thread = threading.Thread(target=self._main, args=(chromium, profile_dir, launch_kw),
                                        name="bplib-browser", daemon=True)
        self._thread.start()
        self._ready.result(timeout=180)

    def _main(self, chromium, profile_dir, launch_kw):
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                context = launch_browser(playwright, chromium, profile_dir, **launch_kw)
                self._ready.set_result(True)
                while (job := self._jobs.get()) is not None:
                    fn, done = job
                    try:
                        done.set_result(fn(context))
                    except BaseException as exc:   # pytest's skip and fail too: raised again in run()
                        done.set_exception(exc)
                context.close()
        except BaseException as exc:
            if not self._ready.done():
                self._ready.set_exception(exc)

    def run(self, fn, timeout=1200):
        done = self._future()
        self._jobs.put((fn, done))
        return done.result(timeout=timeout)

    def close(self):
        self._jobs.put(None)
        self._thread.join(timeout=60)


def launch_browser(playwright, chromium, profile_dir, viewport=(1280, 1000), scale=1):
    """One headless Chromium (a persistent context: its profile lives in ``profile_dir``)."""
    return playwright.chromium.launch_persistent_context(
        str(profile_dir), executable_path=chromium, headless=True, args=CHROMIUM_FLAGS,
        viewport={"width": viewport[0], "height": viewport[1]}, device_scale_factor=scale)


# --- JavaScript run in the page (window.jupyterapp is JupyterLab's application) -----------

# JupyterLab has loaded and restored its layout (any notebook from an earlier test is closed).
# The file browser stays open on the left, as most learners keep it: the notebook is ~830 px wide.
JS_LAB_READY = """async () => {
  const app = window.jupyterapp;
  await app.started; await app.restored;
  for (const w of Array.from(app.shell.widgets('main'))) w.dispose();
  return true;
}"""

# Open a notebook as a double click in the file browser does; keep its panel at hand.
JS_OPEN = """async (path) => {
  const p = await window.jupyterapp.commands.execute('docmanager:open', {path: path, factory: 'Notebook'});
  window.__bpPanel = p; window.jupyterapp.shell.activateById(p.id);
  return p.id;
}"""

JS_CONTEXT_READY = """async () => {
  const p = window.__bpPanel;
  await p.context.ready; await p.sessionContext.ready; await p.revealed;
  return true;
}"""

# The kernel exists, is connected and idle (the toolbar badge says "idle" even before that).
JS_KERNEL_IDLE = """() => {
  const p = window.__bpPanel; const s = p && p.sessionContext;
  const k = s && s.session && s.session.kernel;
  return !!k && k.connectionStatus === 'connected' && k.status === 'idle' && !s.pendingInput;
}"""

JS_RUN_ALL = """async () => await window.jupyterapp.commands.execute('notebook:run-all-cells')"""

# Stop the notebook's kernel and close it without saving (autosave is off; nothing is written).
JS_CLOSE = """async () => {
  const p = window.__bpPanel; window.__bpPanel = null;
  if (p && !p.isDisposed) { await p.sessionContext.shutdown(); p.dispose(); }
  return true;
}"""

# Every code cell: where it is, the start of its source, its count, its error outputs, its run time.
JS_CELLS = """() => {
  const model = window.__bpPanel.content.model; const out = [];
  for (let i = 0; i < model.cells.length; i++) {
    const c = model.cells.get(i);
    if (c.type !== 'code') continue;
    const errors = [];
    for (let j = 0; j < c.outputs.length; j++) {
      const o = c.outputs.get(j).toJSON();
      if (o.output_type === 'error') errors.push(o.ename + ': ' + o.evalue);
      else if (o.output_type === 'stream' && o.name === 'stderr') {
        const text = Array.isArray(o.text) ? o.text.join('') : String(o.text);
        if (/Traceback|Error/.test(text)) errors.push('stderr: ' + text.slice(0, 400));
      }
    }
    const ex = c.getMetadata ? c.getMetadata('execution') : null;
    let seconds = null;
    if (ex && ex['shell.execute_reply'] && ex['iopub.execute_input'])
      seconds = (Date.parse(ex['shell.execute_reply']) - Date.parse(ex['iopub.execute_input'])) / 1000;
    out.push({index: i, source: c.sharedModel.getSource().slice(0, 120), count: c.executionCount,
              errors: errors, seconds: seconds});
  }
  return out;
}"""

# What the rendered page shows that a learner would read as broken.
JS_PAGE_PROBLEMS = """() => {
  const problems = [];
  const root = window.__bpPanel.node;
  for (const el of root.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
    if (/Traceback/.test(el.innerText)) problems.push('traceback shown: ' + el.innerText.slice(0, 300));
  for (const el of root.querySelectorAll('.jp-OutputArea-output')) {
    const t = el.innerText || '';
    for (const bad of ['Error displaying widget', 'Error rendering output', 'Loading widget...'])
      if (t.includes(bad) && !el.querySelector('.jp-OutputArea-output')) problems.push(bad + ': ' + t.slice(0, 200));
  }
  for (const el of root.querySelectorAll('.widget-html-content'))
    if ((el.innerText || '').includes('That did not work')) problems.push('demo status: ' + el.innerText.slice(0, 300));
  return problems;
}"""

# Top-level outputs holding at least one slider: one per demo.
DEMO_SELECTOR = ".jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output"
SLIDER_HANDLE = ".widget-slider .noUi-handle"

# A fingerprint of what a demo shows: each figure canvas (hash of its PNG data URL,
# and whether it is still blank) and the text of its HTML panels and Output widgets.
JS_DEMO_STATE = """(root) => {
  const hash = (s) => { let h = 5381; for (let i = 0; i < s.length; i++) h = ((h * 33) ^ s.charCodeAt(i)) >>> 0; return h.toString(16) + ':' + s.length; };
  const canvases = [];
  for (const div of root.querySelectorAll('.jupyter-matplotlib-canvas-div')) {
    const c = div.querySelector('canvas');
    if (!c || !c.width || !c.height) {  // not drawn at all: say what is there
      canvases.push({hash: 'none', blank: true, detail: div.style.cssText + (c ? ' canvas ' + c.width + 'x' + c.height : ' no canvas')});
      continue;
    }
    const url = c.toDataURL();
    const blank = document.createElement('canvas'); blank.width = c.width; blank.height = c.height;
    canvases.push({hash: hash(url), blank: url === blank.toDataURL()});
  }
  const texts = [];
  for (const el of root.querySelectorAll('.widget-html-content, .widget-htmlmath-content, .widget-output'))
    texts.push((el.innerText || '').trim());
  const values = Array.from(root.querySelectorAll('.widget-slider .noUi-handle')).map(h => h.getAttribute('aria-valuetext'));
  return {canvases: canvases, texts: texts, values: values};
}"""

# Parts of a demo that do not fit: wider than the output area, or text cut off in its box.
JS_DEMO_OVERFLOW = """(root) => {
  const found = []; const right = root.getBoundingClientRect().right;
  if (root.scrollWidth > root.clientWidth + 2)
    found.push('the demo is ' + root.scrollWidth + ' px wide in a ' + root.clientWidth + ' px output area');
  for (const el of root.querySelectorAll('.widget-html-content, .widget-htmlmath-content, .jupyter-matplotlib-canvas-div, .widget-slider, .widget-dropdown, .widget-button')) {
    const r = el.getBoundingClientRect();
    const label = (el.innerText || el.className).trim().slice(0, 50);
    if (r.width && r.right > right + 2) found.push('sticks out ' + Math.round(r.right - right) + ' px: ' + label);
    else if (el.scrollWidth > el.clientWidth + 2 && getComputedStyle(el).overflowX !== 'visible')
      found.push('cut off or scrolled (' + el.scrollWidth + ' px in ' + el.clientWidth + '): ' + label);
  }
  return found;
}"""


def optimise_png(png_bytes, path, max_width=900, colours=256, margin=10):
    """Trim the white margins of a screenshot, shrink it to ``max_width``, save it as a small palette PNG."""
    from PIL import Image, ImageChops

    image = Image.open(io.BytesIO(png_bytes)).convert("RGB")
    background = Image.new("RGB", image.size, (255, 255, 255))
    box = ImageChops.difference(image, background).getbbox()
    if box:
        left, top, right, bottom = box
        image = image.crop((max(left - margin, 0), max(top - margin, 0),
                            min(right + margin, image.width), min(bottom + margin, image.height)))
    if image.width > max_width:
        image = image.resize((max_width, round(image.height * max_width / image.width)), Image.LANCZOS)
    # octree keeps small areas of a colour (a vermilion label) that median cut merges away
    image = image.quantize(colors=colours, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, optimize=True)
    return path


class TimingReport:
    """A pytest plugin object: collects each lesson's timings, prints them at the end of the run."""

    def __init__(self, path):
        self.path = pathlib.Path(path)
        self.rows = []
        self.lab_load = None  # seconds for JupyterLab itself to load in the page (once)
        self.external = set()  # outside addresses the page asked for (refused: the test is offline)

    def add(self, row):
        self.rows.append(row)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(self.table() + "\n", encoding="utf-8")

    def table(self):
        lines = ["seconds from opening each notebook in a loaded JupyterLab (headless Chromium)"
                 + (f"; JupyterLab itself took {self.lab_load:.1f} s to load" if self.lab_load else "") + ":",
                 f"{'notebook':28s} {'opened':>6s} {'kernel':>6s} {'run all':>7s} {'slider':>6s}  cells",
                 f"{'':28s} {'':>6s} {'idle':>6s} {'done':>7s} {'moved':>6s}"]
        for r in self.rows:
            cols = [f"{r[k]:.1f}" if r.get(k) is not None else "—"
                    for k in ("opened", "ready", "run_all", "first_slider")]
            lines.append(f"{r['notebook']:28s} {cols[0]:>6s} {cols[1]:>6s} {cols[2]:>7s} {cols[3]:>6s}"
                         f"  {r.get('slowest') or ''}")
            for note in r.get("notes", []):
                lines.append(f"{'':28s} note: {note}")
        if self.external:
            lines.append(f"refused, as the test is offline: {', '.join(sorted(self.external))}")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        lines.append(f"(machine load average {load:.1f} on {os.cpu_count()} CPUs)")
        return "\n".join(lines)

    def pytest_terminal_summary(self, terminalreporter):
        if not self.rows:
            return
        terminalreporter.section("browser test: time to first slider")
        for line in self.table().splitlines():
            terminalreporter.write_line(line)
        terminalreporter.write_line(f"screenshots and timings.txt in {self.path.parent}")


# --- the blit check (tests/test_browser.py and benchmarks/browser_latency.py) ------------------

# Every ipympl canvas of the open notebook, as PNG data URLs (the blit check).
JS_CANVASES = """() => Array.from(window.__bpPanel.node.querySelectorAll('.jupyter-matplotlib-canvas-div canvas'))
  .map(c => c.width && c.height ? c.toDataURL() : null)"""

# Run code in the notebook's kernel (not in a cell); what it prints.
JS_KERNEL_EXEC = """async (code) => {
  const k = window.__bpPanel.sessionContext.session.kernel;
  const f = k.requestExecute({code: code, silent: false, store_history: false});
  let out = '';
  f.onIOPub = (msg) => { if (msg.header.msg_type === 'stream') out += msg.content.text;
                         if (msg.header.msg_type === 'error') out += 'error ' + msg.content.evalue; };
  await f.done; return out;
}"""

# Every demo on the page that blits (Demo.animate) and whose picture is a redraw's (not the hinted
# first draw the browser asked for: a demo not moved since) draws its figure in full again.
FULL_REDRAW = """
import gc as _gc
from bplib.lessons import plots as _plots
from bplib.lessons._demo import Demo as _Demo
with _plots.fast_text():
    _blitting = [_d for _d in _gc.get_objects() if isinstance(_d, _Demo) and _d._moving and _d._widget is not None
                 and _d._background is not None and _d._background[1] == _d._drawn_as()]
for _d in _blitting:
    _d.fig.stale = True
    _d.redraw()
print(len(_blitting))
"""

def blit_check(page, settled, pause=0.25):
    """After the moves, is every canvas of a blitting demo what a full draw shows? ``None`` if no demo blits.

    The canvases are read, every demo that blits (``Demo.animate``) draws its figure in full again, and
    the canvases are read again: a blitted frame that went wrong on its way to the page (ipympl's diff
    frames) shows as changed pixels. ``settled()`` waits for the kernel to be idle, ``pause`` (s) for the
    frames to arrive. ``(demos, canvases, [where each changed canvas changed])``; with
    ``BPLIB_BLIT_CHECK_DIR`` set, both pictures of a changed canvas are saved there.
    """
    import base64

    import numpy as np
    from PIL import Image

    def pixels():
        return [None if url is None else np.asarray(Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))))
                for url in page.evaluate(JS_CANVASES)]

    before = pixels()
    redrawn = int(page.evaluate(JS_KERNEL_EXEC, FULL_REDRAW).strip() or 0)
    if not redrawn:
        return None
    time.sleep(pause)
    settled()
    time.sleep(4 * pause)
    after = pixels()
    changed = []
    for k, (a, b) in enumerate(zip(before, after)):
        if a is None or b is None or np.array_equal(a, b):
            continue
        if a.shape != b.shape:
            changed.append(f"canvas {k + 1}: {a.shape[1]}×{a.shape[0]} px became {b.shape[1]}×{b.shape[0]}")
            continue
        ys, xs = np.nonzero(np.any(a != b, axis=-1))
        changed.append(f"canvas {k + 1}: {len(ys)} px in x {xs.min()}–{xs.max()}, y {ys.min()}–{ys.max()}")
        if os.environ.get("BPLIB_BLIT_CHECK_DIR"):   # keep both pictures to look at
            for name, picture in (("blitted", a), ("full", b)):
                Image.fromarray(picture).save(pathlib.Path(os.environ["BPLIB_BLIT_CHECK_DIR"]) / f"{k + 1}_{name}.png")
    return redrawn, len(after), changed
