"""Each lesson states its time (issue 16), and every place that repeats it agrees.

The estimate is recomputed here from the notebook itself (tests/lesson_time.py: words, exercises, code
cells), independently of the number written in it.
"""

import json
import pathlib
import re

import pytest

from tests import lesson_time as lt

ROOT = pathlib.Path(__file__).resolve().parent.parent
LESSONS = lt.lessons()


def _markdown(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_each_lesson_states_its_estimated_time(path):
    stated = lt.stated(path)
    assert stated is not None, "the first cell should say '**Time:** about N minutes'"
    assert abs(stated - lt.estimate(path)) <= 5, \
        f"states {stated} minutes, its length now gives {lt.estimate(path)}: see python tests/lesson_time.py"


def test_the_map_in_lesson_00_repeats_each_lesson_time():
    text = _markdown(ROOT / "notebooks" / "00_start_here.ipynb")
    for path in LESSONS[1:]:
        line = next(l for l in text.splitlines() if l.startswith(f"- [{path.stem[:2]} "))
        found = re.search(r"\(about (\d+) minutes\)$", line)
        assert found and int(found.group(1)) == lt.stated(path), line


def test_lesson_00_gives_the_rates_and_the_total_it_claims():
    """'its text read at 120 words a minute, 5 minutes for each exercise and 45 seconds for each code cell
    ... At those rates lessons 00 to 08 take about 7 hours in all'"""
    text = " ".join(_markdown(ROOT / "notebooks" / "00_start_here.ipynb").split())
    assert "120 words a minute, 5 minutes for each exercise and 45 seconds for each code cell" in text
    assert (lt.WORDS_PER_MINUTE, lt.MINUTES_PER_EXERCISE, lt.MINUTES_PER_CODE_CELL) == (120, 5, 0.75)
    total = sum(lt.estimate(p) for p in LESSONS if p.stem[:2] <= "08")
    assert 6.5 * 60 <= total <= 7.5 * 60, f"00-08 now add up to {total / 60:.2f} hours, not about 7"


def test_teaching_guide_uses_the_same_times():
    text = (ROOT / "TEACHING.md").read_text(encoding="utf-8")
    for path in LESSONS[1:]:
        row = next((l for l in text.splitlines() if l.startswith(f"| {path.stem[:2]} ")), None)
        assert row is not None, f"TEACHING.md has no row for lesson {path.stem[:2]}"
        assert f"| {lt.stated(path)} |" in row, row


def test_the_estimate_counts_what_it_says():
    words, exercises, code = lt.counts(ROOT / "notebooks" / "04_chain_rule.ipynb")
    cells = json.loads((ROOT / "notebooks" / "04_chain_rule.ipynb").read_text(encoding="utf-8"))["cells"]
    assert code == sum(c["cell_type"] == "code" for c in cells)
    assert exercises == sum("".join(c["source"]).count(" = None") for c in cells if c["cell_type"] == "code"
                            and re.search(r"^\w+ = None", "".join(c["source"]), re.M))
    assert words > 1000
