"""The project's skeleton: what `import bplib` pulls in, pins, the README's commands, doctests."""

import doctest
import pathlib
import re
import subprocess
import sys

import pytest

import bplib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_import_bplib_imports_neither_matplotlib_nor_ipywidgets():
    code = "import sys, bplib; print(sorted(m for m in ('matplotlib', 'ipywidgets', 'IPython') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _pins(path):
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[name.lower()] = version
    return pins


def test_binder_pins_the_versions_ci_tests():
    top, binder = _pins(ROOT / "requirements.txt"), _pins(ROOT / "binder" / "requirements.txt")
    assert binder, "binder/requirements.txt pins nothing"
    for name, version in binder.items():
        assert top.get(name) == version, f"binder pins {name}=={version}, requirements.txt has {top.get(name)}"
    for needed in ("numpy", "matplotlib", "ipywidgets", "ipympl", "jupyterlab"):
        assert needed in binder
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    lines = [l.strip() for l in (ROOT / "binder" / "requirements.txt").read_text().splitlines()]
    assert "." in lines or "-e ." in lines, "binder must install bplib itself"


def _command(marker):
    text = (ROOT / "README.md").read_text()
    match = re.search(rf"<!-- {marker} -->\s*```bash\n(.+?)\n```", text)
    assert match, f"README.md has no command after <!-- {marker} -->"
    return match.group(1)


def test_readme_commands_install_then_open_or_test():
    course, tests = _command("course-command"), _command("test-command")
    for cmd in (course, tests):
        assert cmd.startswith("python3 -m venv .venv && .venv/bin/pip install -r requirements.txt && ")
    assert course.endswith("jupyter lab --allow-root notebooks/00_start_here.ipynb")
    assert tests.endswith("python -m pytest")
    assert (ROOT / "notebooks" / "00_start_here.ipynb").exists() or pytest.skip("lesson 00 not written yet")


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text()
    awk = re.search(r"cmd=\$\(awk '(.+?)' README.md\)", script).group(1)
    got = subprocess.run(["awk", awk, str(ROOT / "README.md")], capture_output=True, text=True, check=True).stdout
    assert got.strip() == _command("test-command")


def test_requirements_install_bplib_itself():
    assert "-e ." in (ROOT / "requirements.txt").read_text().splitlines()


@pytest.mark.parametrize("module", ["activations", "loss", "one_weight", "network", "data", "feedback", "fmt", "recurrent", "neuron"])
def test_docstring_examples_run(module):
    mod = __import__(f"bplib.{module}", fromlist=[module])
    result = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_package_docstring_example_runs():
    result = doctest.testmod(bplib)
    assert result.attempted > 0 and result.failed == 0


def test_readme_app_command_opens_a_lesson_in_voila():
    command = _command("app-command")
    match = re.fullmatch(r"\.venv/bin/voila (notebooks/\d\d_\w+\.ipynb)", command)
    assert match, command
    assert (ROOT / match.group(1)).exists()
    assert "voila" in _pins(ROOT / "requirements.txt") and "voila" in _pins(ROOT / "binder" / "requirements.txt")
    text = (ROOT / "README.md").read_text()
    assert re.search(r"https://mybinder\.org/v2/gh/[^/\s]+/[^/\s]+/HEAD\?urlpath=voila/render/notebooks/\d\d_\w+\.ipynb", text)


def test_licences_are_stated_and_agree():
    licence = (ROOT / "LICENSE").read_text()
    assert licence.startswith("MIT License\n") and "CC BY 4.0" in licence
    assert 'license = { text = "MIT" }' in (ROOT / "pyproject.toml").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "MIT licence" in readme and "CC BY" in readme


def test_citation_file_is_valid_cff():
    yaml = pytest.importorskip("yaml")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    for key in ("cff-version", "message", "title", "authors"):
        assert cff.get(key), f"CITATION.cff has no {key}"
    assert cff["cff-version"] == "1.2.0"
    assert set(cff["license"]) == {"MIT", "CC-BY-4.0"}
    assert cff["version"] == re.search(r'^version = "(.+)"$', (ROOT / "pyproject.toml").read_text(), re.M).group(1)


def test_teaching_guide_has_what_a_teacher_needs():
    text = (ROOT / "TEACHING.md").read_text()
    for heading in ("## Prerequisites", "## Time per lesson", "## One 90-minute class", "## A four-week unit",
                    "## Where learners get stuck", "## How the exercises give feedback", "## Running the course"):
        assert heading in text, f"TEACHING.md has no section {heading!r}"
    times = text.split("## Time per lesson", 1)[1].split("\n## ", 1)[0]
    assert "<!-- lesson-times -->" in times, "the lesson times go under '## Time per lesson', at its marker"
    for lesson in sorted((ROOT / "notebooks").glob("0[1-9]_*.ipynb")):   # every lesson appears in the unit plan
        assert re.search(rf"\b{lesson.name[:2]}\b", text.split("## A four-week unit", 1)[1]), lesson.name
    assert _command("app-command").split()[-1].split("/")[0] == "notebooks"
    assert "voila notebooks/" in text and "nbgitpuller" in text and "set_repo.py" in text


def test_contributing_says_how_to_rerun_and_pass_ci():
    text = (ROOT / "CONTRIBUTING.md").read_text()
    for needed in (".ci/rerun_notebooks.py", "tests/test_claims_l", "BPLIB_SCREENSHOTS=notebooks/images",
                   ".ci/run", "tests/test_binder.py"):
        assert needed in text, f"CONTRIBUTING.md does not mention {needed}"
    for script in (".ci/rerun_notebooks.py", ".ci/run", "tests/test_browser.py", "tests/test_binder.py"):
        assert (ROOT / script).exists(), script


def test_readme_hub_line_pins_what_the_requirements_pin():
    text = (ROOT / "README.md").read_text()
    line = next(l for l in text.splitlines() if l.startswith("pip install ") and "nbgitpuller" in l)
    top = _pins(ROOT / "requirements.txt")
    pinned = dict(re.findall(r"\b([a-z0-9_-]+)==([0-9][^\s\"]*)", line))
    assert pinned, line
    for name, version in pinned.items():
        assert top.get(name) == version, f"README's hub line pins {name}=={version}, requirements.txt {top.get(name)}"
    for needed in ("numpy", "matplotlib", "ipywidgets", "ipympl", "anywidget"):
        assert needed in pinned, f"README's hub line does not install {needed}"
