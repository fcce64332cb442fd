"""How long a lesson takes: the estimate each notebook states in its first cell, recomputed.

Nobody has yet timed learners lesson by lesson, so the course states an
estimate from the lesson's length, and says so:

* reading its prose at 120 words a minute (slow, careful reading: there is maths in it);
* 5 minutes per exercise (work it out, answer, perhaps open the hint);
* 45 seconds per code cell (run it, read what it prints, move its sliders).

These rates put lessons 00–08 at about 7 hours in all, which is what the one
learner who worked through the whole course reported (issue 16). The
estimate is rounded to 5 minutes.

    python tests/lesson_time.py        # the table, as TEACHING.md and lesson 00 give it
"""

import json
import pathlib
import re

NOTEBOOKS = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
WORDS_PER_MINUTE, MINUTES_PER_EXERCISE, MINUTES_PER_CODE_CELL = 120, 5, 0.75
STATED = re.compile(r"\*\*Time:\*\* about (\d+) minutes")


def counts(path):
    """(words of prose, exercises, code cells) of the notebook at ``path``."""
    cells = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))["cells"]
    words = exercises = code = 0
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            text = re.sub(r"\]\([^)]*\)|<[^>]+>|\$[^$]*\$", " ", text)   # link targets, tags, maths
            words += len(re.findall(r"[A-Za-z0-9’']+", text))
        elif cell["cell_type"] == "code":
            code += 1
            exercises += len(re.findall(r"^\w+ = None\b", text, re.M))
    return words, exercises, code


def estimate(path):
    """Minutes to work through the notebook, rounded to 5 (at least 5)."""
    words, exercises, code = counts(path)
    minutes = words / WORDS_PER_MINUTE + MINUTES_PER_EXERCISE * exercises + MINUTES_PER_CODE_CELL * code
    return max(5, 5 * round(minutes / 5))


def stated(path):
    """The minutes the notebook's first cell states (``**Time:** about N minutes``), or None."""
    first = "".join(json.loads(pathlib.Path(path).read_text(encoding="utf-8"))["cells"][0]["source"])
    found = STATED.search(first)
    return int(found.group(1)) if found else None


def lessons():
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


if __name__ == "__main__":
    total = 0
    for path in lessons():
        words, exercises, code = counts(path)
        total += estimate(path)
        print(f"{path.stem:<36} {estimate(path):>4} min   (stated {stated(path)}; {words} words, "
              f"{exercises} exercises, {code} code cells)")
    print(f"{'in all':<36} {total:>4} min = {total / 60:.1f} h")
