"""The README's course command really starts JupyterLab on the first lesson.

The command's last part (``.venv/bin/jupyter lab ... notebooks/00_start_here.ipynb``)
is run as written, from the repository root, with this environment's
``jupyter`` and a few flags added so that it serves on 127.0.0.1 with a token
and opens no browser. The test asks the server for the notebook the command
names (served from that notebook's folder, as jupyter does when given a
file), then stops the server by its PID.
"""

import json
import pathlib
import re
import shlex
import urllib.request

from tests.browser_lab import LabServer

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_course_command_serves_the_first_lesson(tmp_path):
    text = (ROOT / "README.md").read_text()
    command = re.search(r"<!-- course-command -->\s*```bash\n(.+?)\n```", text).group(1)
    words = shlex.split(command.split("&&")[-1])
    assert words[0] == ".venv/bin/jupyter" and words[1] == "lab"
    notebook = words[-1]
    assert (ROOT / notebook).is_file(), f"the command opens {notebook}, which does not exist"
    # Given a notebook, jupyter serves the notebook's folder and opens the notebook in it.
    server = LabServer(None, tmp_path, extra_args=[*words[2:-1], notebook], cwd=ROOT)
    opened = pathlib.PurePosixPath(notebook).name
    try:
        with urllib.request.urlopen(server.api(f"contents/{opened}"), timeout=10) as reply:
            model = json.load(reply)
        assert model["type"] == "notebook" and model["path"] == opened
        assert model["content"]["cells"][0]["source"].startswith("# 00")
    finally:
        server.stop()
    assert server.process.poll() is not None  # stopped
