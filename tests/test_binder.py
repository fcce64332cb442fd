"""Binder builds without a dependency conflict: our pins against repo2docker's base environment.

repo2docker (what mybinder.org runs) first creates a conda environment with
JupyterLab, Notebook, JupyterHub's single-user server and their dependencies,
then runs ``pip install -r binder/requirements.txt`` into it. pip upgrades what
our requirements need and leaves every other package as it was; if one of those
untouched packages needs something we replaced (``notebook 7.4.7`` needs
``jupyterlab<4.5``), pip prints a conflict, still exits 0, and the page it
serves may break.

This test replays that with pip's resolver, offline from Binder but online
from PyPI (``pip install --dry-run --report``; nothing is installed):

1. resolve ``binder/requirements.txt`` alone: the packages pip would install
   or upgrade;
2. resolve it again together with ``name==version`` for every package of the
   base environment that step 1 does not touch. pip finds no solution exactly
   when an untouched package's requirements clash with ours.

The base environment's pins are in ``tests/repo2docker_base_py311.txt``, made from
repo2docker's conda lock file by ``python -m tests.test_binder LOCKFILE`` (the
header of that file says which commit). Without PyPI the test is skipped with
the reason; under ``CI=true`` it fails instead.
"""

import json
import os
import pathlib
import re
import subprocess
import sys
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
BINDER_REQUIREMENTS = ROOT / "binder" / "requirements.txt"
BASE_PINS = ROOT / "tests" / "repo2docker_base_py311.txt"

# conda-forge names whose PyPI name differs; pip, setuptools and wheel are tools, not pins.
CONDA_TO_PYPI = {"brotli-python": "brotli", "jupyterhub-base": "jupyterhub", "nbconvert-core": "nbconvert",
                 "python-fastjsonschema": "fastjsonschema"}
NOT_PINNED = {"pip", "setuptools", "wheel"}


def in_ci():
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins_from_conda_lock(text):
    """``{pypi_name: version}`` for the Python packages of a conda explicit lock file.

    >>> pins_from_conda_lock("https://conda.anaconda.org/conda-forge/noarch/notebook-7.4.7-pyhd8ed1ab_0.conda#x")
    {'notebook': '7.4.7'}
    >>> pins_from_conda_lock("https://conda.anaconda.org/conda-forge/linux-64/openssl-3.5.4-h26f9b46_0.conda#x")
    {}
    """
    pins = {}
    for line in text.splitlines():
        match = re.match(r"https://\S+/(?:noarch|linux-64)/(.+)-([^-]+)-([^-]+)\.(?:conda|tar\.bz2)(?:#.*)?$", line)
        if not match or not match.group(3).startswith("py"):   # python packages have py* builds
            continue
        name, version = canonical(match.group(1)), match.group(2)
        name = CONDA_TO_PYPI.get(name, name)
        if name not in NOT_PINNED:
            pins[name] = version
    return pins


def read_pins(path):
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[canonical(name)] = version.strip()
    return pins


def requirement_lines():
    """binder/requirements.txt's lines, with ``.`` (bplib itself) as a path pip can resolve from anywhere."""
    lines = []
    for line in BINDER_REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line in (".", "-e ."):
            line = str(ROOT)
        if line:
            lines.append(line)
    return lines


def pypi_reachable():
    try:
        with urllib.request.urlopen("https://pypi.org/simple/pip/", timeout=10) as reply:
            return reply.status == 200
    except OSError:
        return False


def resolve(requirements, tmp_path, label):
    """pip's resolution of ``requirements`` (dry run): ``(returncode, {name: version}, output)``."""
    req = tmp_path / f"{label}.txt"
    req.write_text("\n".join(requirements) + "\n", encoding="utf-8")
    report = tmp_path / f"{label}.json"
    cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
           "--disable-pip-version-check", "--report", str(report), "-r", str(req)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    installed = {}
    if done.returncode == 0:
        for item in json.loads(report.read_text(encoding="utf-8"))["install"]:
            installed[canonical(item["metadata"]["name"])] = item["metadata"]["version"]
    return done.returncode, installed, done.stdout + done.stderr


@pytest.fixture(scope="module")
def online():
    if pypi_reachable():
        return True
    if in_ci():
        pytest.fail("CI=true but PyPI (https://pypi.org) is not reachable: the Binder resolution test needs it",
                    pytrace=False)
    pytest.skip("PyPI is not reachable; this test asks pip's resolver about PyPI's packages (under CI=true it fails)")


def test_base_pins_are_the_lock_files_python_packages():
    pins = read_pins(BASE_PINS)
    assert pins["notebook"] == "7.4.7" and pins["jupyterlab"] == "4.4.9", "not the lock file the docstring describes"
    assert "pip" not in pins and "python" not in pins
    assert len(pins) > 100


def test_the_pins_this_test_relies_on_are_in_binder_requirements():
    pins = read_pins(BINDER_REQUIREMENTS)
    for name in ("notebook", "jupyterlab", "voila", "ipywidgets", "ipympl"):
        assert name in pins, f"binder/requirements.txt does not pin {name}"


def test_binder_requirements_resolve_with_repo2dockers_base_environment(online, tmp_path):
    ours = requirement_lines()
    code, touched, output = resolve(ours, tmp_path, "ours")
    assert code == 0, f"binder/requirements.txt does not resolve on its own:\n{output[-3000:]}"
    for name, version in read_pins(BINDER_REQUIREMENTS).items():
        assert touched.get(name) == version, f"pip would install {name} {touched.get(name)}, not the pinned {version}"
    base = read_pins(BASE_PINS)
    untouched = {name: version for name, version in base.items() if name not in touched}
    assert "jupyterhub" in untouched, "the hub's single-user server should stay as repo2docker installs it"
    code, together, output = resolve(ours + [f"{n}=={v}" for n, v in sorted(untouched.items())], tmp_path, "with-base")
    assert code == 0, ("binder/requirements.txt conflicts with packages of repo2docker's base environment "
                       f"that pip leaves in place:\n{output[-3000:]}")
    for name, version in untouched.items():
        assert together[name] == version


def test_the_check_catches_the_conflict_the_issue_reported(online, tmp_path):
    """The old pin (jupyterlab 4.6.6 without a matching notebook) must fail step 2: the test can fail."""
    ours = [line for line in requirement_lines() if not canonical(line).startswith("notebook==")]
    base = read_pins(BASE_PINS)
    code, _, output = resolve(ours + [f"notebook=={base['notebook']}"], tmp_path, "old")
    assert code != 0 and "jupyterlab" in output.lower()


def test_pins_from_conda_lock_keeps_python_packages_under_their_pypi_names():
    lock = "\n".join(["@EXPLICIT",
                      "https://conda.anaconda.org/conda-forge/noarch/nbconvert-core-7.16.6-pyh29332c3_0.conda#1",
                      "https://conda.anaconda.org/conda-forge/linux-64/pyzmq-27.1.0-py311h2315fbb_0.conda#2",
                      "https://conda.anaconda.org/conda-forge/linux-64/openssl-3.5.4-h26f9b46_0.conda#3",
                      "https://conda.anaconda.org/conda-forge/noarch/pip-25.2-pyh8b19718_0.conda#4"])
    assert pins_from_conda_lock(lock) == {"nbconvert": "7.16.6", "pyzmq": "27.1.0"}


# --- one script sets a fork's slug everywhere ------------------------------------------------

def _set_repo(*args):
    return subprocess.run([sys.executable, str(ROOT / ".ci" / "set_repo.py"), *args],
                          capture_output=True, text=True)


def _copy_course(tmp_path):
    import shutil

    for name in ("README.md", "TEACHING.md", "CONTRIBUTING.md", "CITATION.cff",
                 "tests/test_notebook_structure.py"):
        if (ROOT / name).exists():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks", ignore=shutil.ignore_patterns("images"))
    return {p: p.read_text(encoding="utf-8") for p in tmp_path.rglob("*") if p.is_file()}


def test_the_repository_uses_one_slug_everywhere():
    done = _set_repo("--check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(done.stdout.splitlines()) == 1


def test_set_repo_changes_every_badge_and_nothing_else(tmp_path):
    before = _copy_course(tmp_path)
    old = re.search(r'^REPO = "([^"]+)"$', before[tmp_path / "tests/test_notebook_structure.py"], re.M).group(1)
    new = "a-teacher/my-backprop-fork"
    done = _set_repo(new, "--root", str(tmp_path))
    assert done.returncode == 0, done.stderr
    check = _set_repo("--check", "--root", str(tmp_path))
    assert check.returncode == 0 and check.stdout.startswith(f"{new}: "), check.stdout
    for path, text in before.items():
        after = path.read_text(encoding="utf-8")
        assert old not in after, f"{path.name} still names {old}"
        assert after.replace(new, old) == text, f"{path.name}: something besides the slug changed"
    badges = sum(p.read_text(encoding="utf-8").count(f"mybinder.org/v2/gh/{new}/") for p in before)
    assert badges >= 1 + len(list((tmp_path / "notebooks").glob("*.ipynb")))


def test_set_repo_refuses_a_bad_slug_and_changes_nothing(tmp_path):
    before = _copy_course(tmp_path)
    done = _set_repo("not a slug", "--root", str(tmp_path))
    assert done.returncode != 0
    assert "slug: got 'not a slug'; expected OWNER/NAME" in done.stderr
    assert all(path.read_text(encoding="utf-8") == text for path, text in before.items())


if __name__ == "__main__":   # python -m tests.test_binder LOCKFILE > tests/repo2docker_base_py311.txt
    lock = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8")
    for name, version in sorted(pins_from_conda_lock(lock).items()):
        print(f"{name}=={version}")
