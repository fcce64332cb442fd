"""Lesson 01 (one weight): the table, the slider demo and the exercise checkers.

Reference numbers are worked out by hand in the comments, with the lesson's
table x = 0, 3, 9, 27 and t = 2·x = 0, 6, 18, 54.
"""

import re

import numpy as np
import pytest

from bplib.lessons import l01
from tests.screen import problems


def _cells(html):
    """The numbers in the table cells of the demo's HTML, row by row."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html)
    table = []
    for row in rows[1:]:  # the first row is the header
        table.append([float(v.replace("−", "-")) for v in re.findall(r"<td[^>]*>([−0-9.]+)</td>", row)])
    return table


# -- the builders ---------------------------------------------------------------------
def test_every_builder_is_listed_and_callable_without_arguments():
    assert set(l01.BUILDERS) == {"one_weight_explorer"}
    for build in l01.BUILDERS.values():
        demo = build()
        assert demo.fig is not None and problems(demo) == []


def test_table_at_w_4_shows_the_hand_computed_errors_and_E():
    demo = l01.one_weight_explorer()
    demo.set(w=4)
    html = demo.texts["table"].value
    rows = _cells(html)
    # columns x, t, y = 4·x, e = y − t, e²
    assert [r[0] for r in rows] == [0, 3, 9, 27]
    assert [r[2] for r in rows] == [0, 12, 36, 108]
    assert [r[3] for r in rows] == [0, 6, 18, 54]
    assert [r[4] for r in rows] == [0, 36, 324, 2916]
    # E = ½·mean(e²) = (0 + 36 + 324 + 2916) / 8 = 3276 / 8 = 409.5
    assert "3276 / 8 = <b>409.5</b>" in html
    assert "1 of 4 outputs right" in html


def test_table_at_w_3_and_w_2():
    demo = l01.one_weight_explorer()
    demo.set(w=3)
    # errors (3 − 2)·x = 0, 3, 9, 27; E = (0 + 9 + 81 + 729) / 8 = 102.375
    assert [r[3] for r in _cells(demo.texts["table"].value)] == [0, 3, 9, 27]
    assert "819 / 8 = <b>102.375</b>" in demo.texts["table"].value
    demo.set(w=2)
    assert [r[3] for r in _cells(demo.texts["table"].value)] == [0, 0, 0, 0]
    assert "4 of 4 outputs right" in demo.texts["table"].value


def test_slider_values_that_are_not_round_still_show_clean_numbers():
    demo = l01.one_weight_explorer()
    demo.set(w=0.7000000000000001)   # a slider position with floating-point dust
    # y = 0.7·27 = 18.9 and e = 18.9 − 54 = −35.1
    last = _cells(demo.texts["table"].value)[-1]
    assert last[2:4] == [18.9, -35.1]
    assert "0000" not in demo.texts["table"].value


def test_the_marker_sits_on_the_curve_at_the_slider_w():
    demo = l01.one_weight_explorer()
    demo.set(w=0)
    # E(0): errors −0, −6, −18, −54, the same squares as at w = 4, so E = 409.5
    assert demo.marker.get_xydata().tolist() == [[0.0, 409.5]]


def test_bars_in_the_table_are_blue_when_too_high_and_vermilion_when_too_low():
    demo = l01.one_weight_explorer()
    demo.set(w=4)
    assert "#0072B2" in demo.texts["table"].value and "#D55E00" not in demo.texts["table"].value
    demo.set(w=1)
    assert "#D55E00" in demo.texts["table"].value and "#0072B2" not in demo.texts["table"].value


def test_builder_rejects_a_weight_that_is_not_a_number():
    with pytest.raises(TypeError, match=r"w must be a number, got 'four'"):
        l01.one_weight_explorer("four")


# -- the plain-text table and the number format -----------------------------------------
def test_plain_table_at_w_4():
    text = l01.table(4)
    lines = text.splitlines()
    assert lines[0].split() == ["x", "t", "y", "=", "w·x", "e", "=", "y", "−", "t", "e²"]
    assert [line.split() for line in lines[1:5]] == [
        ["0", "0", "0", "0", "0"],
        ["3", "6", "12", "6", "36"],
        ["9", "18", "36", "18", "324"],
        ["27", "54", "108", "54", "2916"],
    ]
    assert lines[5] == "E = ½·mean(e²) = 3276 / 8 = 409.5"


def test_plain_table_with_another_data_set():
    # x = 1, 2 and t = 1, 1 at w = 1: errors 0, 1; E = (0 + 1) / 4 = 0.25
    assert l01.table(1, [1, 2], [1, 1]).splitlines()[-1] == "E = ½·mean(e²) = 1 / 4 = 0.25"


def test_numbers_in_the_one_course_format():
    # bplib.fmt with 6 digits: a real minus, 102.375 in full, slider dust and −0 gone
    text = l01.table(0.7000000000000001)
    assert "−35.1" in text and "-" not in text and "0000" not in text     # e = 0.7·27 − 54
    assert l01.table(3).endswith("819 / 8 = 102.375")
    assert l01.table(2).splitlines()[1].split() == ["0"] * 5


# -- exercises -------------------------------------------------------------------------
def test_check_squared_error():
    # w = 1, x = 27: y = 27, e = 27 − 54 = −27, e² = 729
    assert l01.check_squared_error(729).correct
    assert l01.check_squared_error(729.0).correct
    wrong = l01.check_squared_error(27)
    assert not wrong.correct and "too small" in wrong.message and "square it" in wrong.message
    missing = l01.check_squared_error(None)
    assert not missing.correct and "replace None" in missing.message


def test_check_total_error():
    # w = 2.5: e = 0.5·x = 0, 1.5, 4.5, 13.5; e² = 0, 2.25, 20.25, 182.25; sum 204.75; E = 204.75 / 8
    assert l01.check_total_error(25.59375).correct
    assert l01.check_total_error(25.6).correct            # within 1 %
    forgot_half = l01.check_total_error(51.1875)         # mean without the ½
    assert not forgot_half.correct and "too large" in forgot_half.message
    assert not l01.check_total_error(None).correct
    assert "should be a number" in l01.check_total_error("25.6").message
    # another weight: w = 4 gives 409.5 (worked out in the lesson)
    assert l01.check_total_error(409.5, w=4).correct
    assert not l01.check_total_error(409.5).correct


def test_checkers_never_give_the_value_away_and_always_hint():
    # w = 1, x = 27: e² = 729. 600 is 18% too small.
    wrong = l01.check_squared_error(600)
    assert "too small, by 10% to 50%" in wrong.message and "Hint:" in wrong.message and "729" not in wrong.message
    wrong = l01.check_total_error(30)
    assert "too large, by 10% to 50%" in wrong.message and "Hint:" in wrong.message and "25.59" not in wrong.message


# -- the recap -------------------------------------------------------------------------
def test_recap_has_the_questions_and_their_right_answers_are_right():
    widget = l01.recap()
    assert len(widget.children) == 1 + len(l01.QUESTIONS)
    q1, q2, q3 = l01.QUESTIONS
    # 1: errors 0, 3, 9, 27 at w = 3: squares 0, 9, 81, 729, sum 819, E = 819 / 8
    e = np.array([0.0, 3, 9, 27])
    assert q1.options[q1.answer] == f"819 / 8 = {0.5 * np.mean(e ** 2):g}"
    # 2: +5 and −5 cancel in the mean, not in the mean of squares
    assert np.mean([5, -5]) == 0 and np.mean(np.square([5, -5])) == 25
    assert "cancel" in q2.options[q2.answer]
    # 3: at w = 1.5 the outputs with x > 0 are too low, and E falls as w rises a little
    x, t = np.array([0.0, 3, 9, 27]), np.array([0.0, 6, 18, 54])
    assert np.all((1.5 * x - t)[1:] < 0)
    assert 0.5 * np.mean((1.6 * x - t) ** 2) < 0.5 * np.mean((1.5 * x - t) ** 2)
    assert q3.options[q3.answer].startswith("up")
    for q in l01.QUESTIONS:
        assert q.options[q.answer] not in q.nudge
