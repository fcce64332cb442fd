"""Every number and every "try this" in the markdown of notebook 01 (One weight), beside its check.

Each test quotes the sentence it checks. Numbers are recomputed with plain
numpy from the table x = 0, 3, 9, 27 and t = 2·x; the "try this" suggestions
are done on the lesson's widget, at the positions its slider can take.
"""

import re

import numpy as np
import pytest

from bplib.lessons import plots
from bplib.lessons import l01

X = np.array([0.0, 3.0, 9.0, 27.0])
T = 2 * X


def E(w):
    return 0.5 * np.mean((w * X - T) ** 2)


def slope(w):
    return np.mean((w * X - T) * X)


def slider_positions(demo):
    """Every value the w slider can take: min, min + step, ..., max."""
    s = demo.controls["w"]
    n = int(round((s.max - s.min) / s.step))
    return np.round(s.min + s.step * np.arange(n + 1), 10)


def table_rows(demo):
    """The numbers in the widget's table, row by row: x, t, y, e, e²."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", demo.texts["table"].value)[1:]
    return [[float(v.replace("−", "-")) for v in re.findall(r"<td[^>]*>([−0-9.]+)</td>", r)] for r in rows]


def shown_E(demo):
    return float(re.search(r"<b>([−0-9.]+)</b>", demo.texts["table"].value).group(1).replace("−", "-"))


# -- the worked numbers ------------------------------------------------------------------------
def test_errors_at_w_4_and_only_the_zero_input_is_right():
    """'The outputs are twice as large as they should be.' 'Only the first output is right, and only because
    its input is 0.' Summary: 'At w = 4: errors 0, 6, 18, 54 and E = 3276 / 8 = 409.5.'"""
    e = 4 * X - T
    assert np.all(4 * X == 2 * T)
    assert e.tolist() == [0, 6, 18, 54] and np.flatnonzero(e == 0).tolist() == [0] and X[0] == 0
    assert np.sum(e ** 2) == 3276 and np.sum(e ** 2) / 8 == E(4) == 409.5


def test_a_positive_error_means_too_high_and_the_bar_is_blue():
    """'A positive error means the output is too high, a negative one that it is too low.' and
    'bars: blue when the output is too high, vermilion when it is too low'"""
    demo = l01.one_weight_explorer()
    demo.set(w=4)
    rows = table_rows(demo)
    assert all((r[3] > 0) == (r[2] > r[1]) for r in rows)
    assert plots.POSITIVE in demo.texts["table"].value and plots.NEGATIVE not in demo.texts["table"].value
    demo.set(w=1)
    assert plots.NEGATIVE in demo.texts["table"].value and plots.POSITIVE not in demo.texts["table"].value


def test_squares_do_not_cancel():
    """'Adding the errors would not do: +5 and −5 would cancel and look perfect.'"""
    assert 5 + (-5) == 0 and 5 ** 2 + (-5) ** 2 == 50


def test_N_is_4_and_E_is_the_sum_of_squares_over_2N():
    """'here N = 4' ... 'Together: the sum of the squared errors divided by 2N = 8.'"""
    assert len(X) == 4
    for w in (4.0, 3.0, 2.5, -1.0):
        assert E(w) == pytest.approx(np.sum((w * X - T) ** 2) / 8, rel=1e-15)


def test_second_try_halves_the_errors_and_quarters_E():
    """'Better: the errors 0, 3, 9, 27 are half of what they were, so their squares, and E, are a quarter.'"""
    assert (3 * X - T).tolist() == [0, 3, 9, 27]
    assert np.all(3 * X - T == (4 * X - T) / 2)
    assert E(3) == E(4) / 4 == 102.375


def test_at_4_and_at_3_every_error_is_positive_apart_from_the_zero_row():
    """'At w = 4 no output was too low: every error was positive, apart from the 0 of the row x = 0.' and
    'The errors are still positive (again apart from the row x = 0), so go on down: w = 2.'"""
    for w in (4, 3):
        e = w * X - T
        assert e[0] == 0 and np.all(e[1:] > 0)


def test_third_try_has_no_error():
    """'No error at all: every output is exactly twice its input, and E = 0.'"""
    assert np.all(2 * X == T) and E(2) == 0


# -- things to try with the slider --------------------------------------------------------------
def test_below_2_every_output_with_a_nonzero_input_is_too_low_and_the_zero_row_is_always_right():
    """'Move w below 2. Every output with x > 0 is now too low: what sign do their errors have? Why is the row
    x = 0 right whatever w is?'"""
    demo = l01.one_weight_explorer()
    positions = slider_positions(demo)
    assert positions.min() < 2
    for w in positions:
        demo.set(w=float(w))
        rows = table_rows(demo)
        assert rows[0][0] == 0 and rows[0][3] == 0              # x = 0: y = w·0 = 0 = t, for every w
        if w < 2:
            assert all(r[3] < 0 for r in rows[1:]), w           # too low: negative errors


def test_the_only_other_weight_with_error_409_5_is_0():
    """'The error at w = 4 is 409.5. Which other weight on the slider has the same error? Why?'"""
    demo = l01.one_weight_explorer()
    positions = slider_positions(demo)
    same = [w for w in positions if abs(E(w) - 409.5) < 1e-6]
    assert same == [0.0, 4.0]                                   # (w − 2)² = 4 on both sides of the bottom
    demo.set(w=0.0)
    assert shown_E(demo) == 409.5


def test_the_row_x_27_contributes_most_at_every_slider_position():
    """'Which row of the table contributes most to E?' (the answer used in lesson 02: x = 27)"""
    demo = l01.one_weight_explorer()
    for w in slider_positions(demo):
        if w == 2:
            continue
        demo.set(w=float(w))
        squares = [r[4] for r in table_rows(demo)]
        assert np.argmax(squares) == 3 == np.argmax((w * X - T) ** 2)


def test_the_curve_is_a_number_times_w_minus_2_squared():
    """'The curve is a parabola: y − t = (w − 2)·x, so every squared error, and therefore E, is a number
    times (w − 2)².'"""
    demo = l01.one_weight_explorer()
    for w in slider_positions(demo):
        assert E(w) == pytest.approx(0.5 * np.mean(X ** 2) * (w - 2) ** 2, rel=1e-12, abs=1e-12)
        demo.set(w=float(w))
        assert shown_E(demo) == pytest.approx(E(w), rel=1e-5, abs=1e-12)   # shown to 6 digits


# -- the exercises' worked solutions ------------------------------------------------------------
def test_worked_solution_1():
    """'At w = 1 the output for x = 27 is y = 1·27 = 27. The error is e = 27 − 54 = −27 (too low), and its
    square is e² = 729.'"""
    y = 1 * 27.0
    assert y - 54 == -27 and (y - 54) ** 2 == 729
    assert l01.check_squared_error(729).correct


def test_worked_solution_2():
    """'each error is e = 0.5·x: 0, 1.5, 4.5, 13.5. Their squares are 0, 2.25, 20.25, 182.25, which add up to
    204.75. Divide by 2N = 8: E = 204.75 / 8 = 25.59375.'"""
    e = 2.5 * X - T
    assert e.tolist() == [0, 1.5, 4.5, 13.5]
    assert (e ** 2).tolist() == [0, 2.25, 20.25, 182.25] and np.sum(e ** 2) == 204.75
    assert E(2.5) == 204.75 / 8 == 25.59375
    assert l01.check_total_error(25.59375).correct


# -- which way, and how far -----------------------------------------------------------------------
def test_at_4_the_curve_slopes_upwards_so_going_left_lowers_the_error():
    """'at w = 4 it slopes upwards, so going left lowers the error.'"""
    assert E(4.1) > E(4) > E(3.9)


def test_on_this_parabola_the_steepness_grows_with_the_distance_from_the_bottom():
    """'On this curve the steepness also tells the distance, because a parabola is steeper the further you
    are from its bottom.'"""
    w = np.linspace(-1, 5, 61)
    order = np.argsort(np.abs(w - 2))
    steep = np.abs([slope(v) for v in w[order]])
    assert np.all(np.diff(steep) >= -1e-9)


def test_a_curve_can_be_almost_flat_far_from_its_bottom():
    """'That is not true of every error curve: later lessons meet curves that are almost flat (a plateau)
    far from their bottom.' One sigmoid neuron, y = 1/(1 + e^(−w)), desired output 0.9: the bottom is at
    w = ln 9 ≈ 2.2; at w = −6, eight away, the slope is over ten times smaller than at w = 1."""
    f = lambda s: 1 / (1 + np.exp(-s))
    E1 = lambda w: 0.5 * (f(w) - 0.9) ** 2
    d = lambda w: (E1(w + 1e-6) - E1(w - 1e-6)) / 2e-6
    bottom = np.log(9)
    assert abs(d(bottom)) < 1e-9
    assert abs(-6 - bottom) > 5 * abs(1 - bottom) and abs(d(-6)) < abs(d(1)) / 10
