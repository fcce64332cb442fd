"""Every notebook in notebooks/ follows the course's frame (COMMON notebook rules).

* first cell: the title ``# NN — Title`` (the title of that place in the course),
  the nav line ``[← previous] · [Contents] · [next →]`` and a Binder badge whose
  ``urlpath`` opens that very notebook; then "Learning goals";
* last cell: "Summary" and the same nav line;
* every relative link in the markdown points to a file that exists, and a
  link's text names the notebook it points to;
* the first code cell switches on ``%matplotlib widget`` and imports bplib;
* the notebook was saved after a clean top-to-bottom run (execution counts
  1, 2, 3, ... with no gaps), and no cell is hidden from nbval with ``nbval-skip``;
* every lesson after 00 has an exercise (``answer = None``).

Parametrised over the notebooks that exist, so it passes for a partly written
course; a link to a course notebook not written yet is reported as a skip.
"""

import pathlib
import re

import nbformat
import pytest

NOTEBOOKS = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
REPO = "backprop-course/backprop-by-doing"

# The course, in reading order: file stem and title (COMMON.md, "Notebooks").
COURSE = [
    ("00_start_here", "Start here"),
    ("01_one_weight", "One weight"),
    ("02_gradient_descent", "Gradient descent"),
    ("03_one_neuron", "One neuron"),
    ("04_chain_rule", "The chain rule"),
    ("05_three_layer_network", "The three-layer network, step by step"),
    ("06_training_in_practice", "Training in practice"),
    ("07_reading_characters", "Reading characters"),
    ("08_recurrent_backpropagation", "Static and recurrent backpropagation"),
    ("09_automatic_differentiation", "Automatic differentiation"),
]
STEMS = [stem for stem, _ in COURSE]
TITLES = dict(COURSE)

LINK = re.compile(r"(?<!!)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(([^)\s]+)\)")
EXISTING = sorted(NOTEBOOKS.glob("*.ipynb"))


def _ids(paths):
    return [p.stem for p in paths]


def _read(path):
    return nbformat.read(path, as_version=4)


def expected_nav(stem):
    """The nav line for ``stem``: ``[← 0X Title](..) · [Contents](00_start_here.ipynb) · [0Y Title →](..)``."""
    k = STEMS.index(stem)
    parts = []
    if k > 0:
        prev = STEMS[k - 1]
        parts.append(f"[← {prev[:2]} {TITLES[prev]}]({prev}.ipynb)")
    parts.append("[Contents](00_start_here.ipynb)")
    if k + 1 < len(STEMS):
        nxt = STEMS[k + 1]
        parts.append(f"[{nxt[:2]} {TITLES[nxt]} →]({nxt}.ipynb)")
    return " · ".join(parts)


def expected_badge(stem):
    return (f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]"
            f"(https://mybinder.org/v2/gh/{REPO}/HEAD?urlpath=lab/tree/notebooks/{stem}.ipynb)")


# -- the helpers themselves ---------------------------------------------------------
def test_expected_nav_of_the_first_middle_and_last_notebooks():
    assert expected_nav("00_start_here") == "[Contents](00_start_here.ipynb) · [01 One weight →](01_one_weight.ipynb)"
    assert expected_nav("01_one_weight") == (
        "[← 00 Start here](00_start_here.ipynb) · [Contents](00_start_here.ipynb) · "
        "[02 Gradient descent →](02_gradient_descent.ipynb)")
    assert expected_nav("09_automatic_differentiation") == (
        "[← 08 Static and recurrent backpropagation](08_recurrent_backpropagation.ipynb) · "
        "[Contents](00_start_here.ipynb)")


def test_link_pattern_finds_plain_links_and_the_badge_target_but_not_images():
    text = "see [01 One weight](01_one_weight.ipynb) and " + expected_badge("01_one_weight")
    found = LINK.findall(text)
    assert ("01 One weight", "01_one_weight.ipynb") in found
    assert any(target.startswith("https://mybinder.org/v2/gh/") for _, target in found)
    assert not any(target.endswith("badge_logo.svg") for _, target in found)


def test_notebooks_are_course_notebooks():
    names = [p.stem for p in EXISTING]
    strays = [n for n in names if n not in STEMS]
    assert not strays, f"notebooks not in the course list {STEMS}: {strays}"


# -- each notebook ------------------------------------------------------------------
@pytest.mark.parametrize("path", EXISTING, ids=_ids(EXISTING))
def test_title_nav_badge_and_goals_open_the_notebook(path):
    stem = path.stem
    if stem not in STEMS:
        pytest.skip(f"{path.name} is not a course notebook (reported by test_notebooks_are_course_notebooks)")
    first = _read(path).cells[0]
    assert first.cell_type == "markdown", f"{path.name}: the first cell must be markdown, got {first.cell_type}"
    lines = first.source.splitlines()
    assert lines[0] == f"# {stem[:2]} — {TITLES[stem]}", f"{path.name}: title line is {lines[0]!r}"
    assert expected_nav(stem) in lines, f"{path.name}: first cell lacks the nav line {expected_nav(stem)!r}"
    assert expected_badge(stem) in first.source, f"{path.name}: first cell lacks the Binder badge for itself"
    assert re.search(r"learning goals", first.source, re.IGNORECASE), f"{path.name}: no 'Learning goals' in the first cell"
    goals = [line for line in lines if re.match(r"\s*[-*] \S", line)]
    assert goals, f"{path.name}: the learning goals should be a list"


@pytest.mark.parametrize("path", EXISTING, ids=_ids(EXISTING))
def test_every_binder_badge_opens_this_notebook(path):
    for cell in _read(path).cells:
        if cell.cell_type != "markdown":
            continue
        for target in re.findall(r"https://mybinder\.org/v2/gh/[^)\s]+", cell.source):
            assert target.endswith(f"urlpath=lab/tree/notebooks/{path.name}"), (
                f"{path.name}: Binder link {target!r} does not open this notebook")


@pytest.mark.parametrize("path", EXISTING, ids=_ids(EXISTING))
def test_summary_and_nav_close_the_notebook(path):
    stem = path.stem
    if stem not in STEMS:
        pytest.skip(f"{path.name} is not a course notebook")
    last = _read(path).cells[-1]
    assert last.cell_type == "markdown", f"{path.name}: the last cell must be markdown (the summary)"
    assert re.search(r"^#+ .*summary", last.source, re.IGNORECASE | re.MULTILINE), (
        f"{path.name}: the last cell has no 'Summary' heading")
    assert expected_nav(stem) in last.source.splitlines(), (
        f"{path.name}: the last cell lacks the nav line {expected_nav(stem)!r}")


@pytest.mark.parametrize("path", EXISTING, ids=_ids(EXISTING))
def test_links_point_to_files_that_exist(path):
    not_yet = []
    for cell in _read(path).cells:
        if cell.cell_type != "markdown":
            continue
        for text, target in LINK.findall(cell.source):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue  # a web address or an anchor in this notebook
            file = target.split("#")[0]
            resolved = (path.parent / file).resolve()
            if resolved.suffix == ".ipynb" and resolved.parent == NOTEBOOKS:
                assert resolved.stem in STEMS, f"{path.name}: link to {target!r}, which is not a course notebook"
                # The link's text names the notebook: "01 One weight", maybe with an arrow.
                name = f"{resolved.stem[:2]} {TITLES[resolved.stem]}"
                assert text in (name, f"← {name}", f"{name} →", "Contents") or name in text, (
                    f"{path.name}: link text {text!r} does not name {target!r} ({name!r})")
                if not resolved.exists():
                    not_yet.append(target)
                    continue
            assert resolved.exists(), f"{path.name}: link [{text}]({target}) points to a missing file"
    if not_yet:
        pytest.skip(f"{path.name} links to course notebooks not written yet: {sorted(set(not_yet))}")


@pytest.mark.parametrize("path", EXISTING, ids=_ids(EXISTING))
def test_first_code_cell_sets_up_widgets_and_bplib(path):
    code = [c for c in _read(path).cells if c.cell_type == "code"]
    assert code, f"{path.name}: no code cell"
    first = code[0].source
    assert "%matplotlib widget" in first, f"{path.name}: the first code cell must run %matplotlib widget"
    assert re.search(r"^import bplib\b", first, re.MULTILINE), f"{path.name}: the first code cell must import bplib"


@pytest.mark.parametrize("path", EXISTING, ids=_ids(EXISTING))
def test_saved_after_a_clean_run(path):
    counts = [c.execution_count for c in _read(path).cells if c.cell_type == "code" and c.source.strip()]
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts {counts}; save it after Restart & Run All (.ci/rerun_notebooks.py)")


@pytest.mark.parametrize("path", EXISTING, ids=_ids(EXISTING))
def test_no_cell_is_skipped_by_nbval(path):
    skipped = [k for k, c in enumerate(_read(path).cells) if "nbval-skip" in c.metadata.get("tags", [])]
    assert not skipped, f"{path.name}: cells {skipped} are tagged nbval-skip"


@pytest.mark.parametrize("path", [p for p in EXISTING if p.stem != "00_start_here"],
                         ids=_ids([p for p in EXISTING if p.stem != "00_start_here"]))
def test_lessons_have_an_exercise(path):
    sources = [c.source for c in _read(path).cells if c.cell_type == "code"]
    assert any(re.search(r"^answer = None\b", s, re.MULTILINE) for s in sources), (
        f"{path.name}: no exercise cell reading 'answer = None  # your value here'")


CHECKER_CALL = re.compile(r"\b(?:l\d\d|lesson)\.check_\w+\(")


LESSONS = [p for p in EXISTING if p.stem != "00_start_here"]


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_every_exercise_has_a_worked_solution_to_open(path):
    """After each exercise cell, a closed <details> block holds the worked solution (issue 10)."""
    cells = _read(path).cells
    for k, cell in enumerate(cells):
        if cell.cell_type == "code" and "answer" in cell.source and CHECKER_CALL.search(cell.source):
            follow = cells[k + 1] if k + 1 < len(cells) else None
            assert follow is not None and follow.cell_type == "markdown", \
                f"exercise cell {k} of {path.name} is not followed by a markdown cell"
            text = follow.source
            assert text.lstrip().startswith("<details>") and "Worked solution" in text and " open" not in \
                text.split(">", 1)[0], f"exercise cell {k} of {path.name}: the next cell is no closed worked solution"


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_every_lesson_ends_with_a_recap_before_its_summary(path):
    """A "Recap" heading and a recap() cell come just before the Summary (issue 16)."""
    cells = _read(path).cells
    heads = [k for k, c in enumerate(cells) if c.cell_type == "markdown" and re.search(r"^#+ Recap", c.source, re.M)]
    calls = [k for k, c in enumerate(cells) if c.cell_type == "code" and re.search(r"\.recap\(\)", c.source)]
    assert heads and calls, f"{path.name} has no Recap heading or no recap() cell"
    assert heads[-1] < calls[-1] < len(cells) - 1


@pytest.mark.parametrize("path", EXISTING, ids=_ids(EXISTING))
def test_saved_outputs_write_minus_as_a_minus_sign(path):
    """One way to write a number (issue 12): printed output uses '−', never the hyphen '-0.14', as the
    figures and text panels do (bplib.fmt, and bplib.fmt.numpy_style for numpy's arrays)."""
    hyphen = re.compile(r"(?<![\w.\-])-\d")
    found = []
    for k, cell in enumerate(_read(path).cells):
        for out in cell.get("outputs", []):
            text = "".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
            found += [f"cell {k}: {line.strip()[:80]}" for line in text.splitlines() if hyphen.search(line)]
    assert not found, found
