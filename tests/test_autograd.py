"""bplib.autograd: the scalar reverse-mode engine of lesson 09.

Every gradient is checked against something computed here, independently of the engine:
derivatives worked by hand, or central differences of the same expression evaluated with
plain floats.
"""

import math
import sys

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bplib.autograd import Value


def sig(a):
    return 1 / (1 + math.exp(-a))


# -- each operation's derivative, by hand -----------------------------------------------------------
@pytest.mark.parametrize("a, b", [(2.0, 3.0), (-1.5, 0.25), (0.0, -4.0)])
def test_add_sub_mul_div_by_hand(a, b):
    for make, da, db, value in [
        (lambda p, q: p + q, 1.0, 1.0, a + b),
        (lambda p, q: p - q, 1.0, -1.0, a - b),
        (lambda p, q: p * q, b, a, a * b),           # ∂(ab)/∂a = b, ∂(ab)/∂b = a
        (lambda p, q: p / q, 1 / b, -a / b ** 2, a / b),
    ]:
        p, q = Value(a), Value(b)
        out = make(p, q)
        out.backward()
        assert out.data == pytest.approx(value, abs=1e-15)
        assert (p.grad, q.grad) == pytest.approx((da, db), abs=1e-15)


def test_reversed_forms_and_unary_minus():
    v = Value(3.0)
    for out, value, slope in [(2 * v, 6.0, 2.0), (1 - v, -2.0, -1.0), (5 + v, 8.0, 1.0), (6 / v, 2.0, -6 / 9),
                              (-v, -3.0, -1.0)]:
        out.backward()
        assert (out.data, v.grad) == pytest.approx((value, slope), abs=1e-15)


@pytest.mark.parametrize("a, n, value, slope", [
    (3.0, 2, 9.0, 6.0),           # d(a²)/da = 2a
    (2.0, 3, 8.0, 12.0),          # 3a²
    (-2.0, 3, -8.0, 12.0),        # negative base, whole exponent: fine
    (4.0, 0.5, 2.0, 0.25),        # √a: 1/(2√a)
    (2.0, -1, 0.5, -0.25),        # 1/a: −1/a²
])
def test_pow_by_hand(a, n, value, slope):
    v = Value(a)
    out = v ** n
    out.backward()
    assert (out.data, v.grad) == pytest.approx((value, slope), abs=1e-15)


@pytest.mark.parametrize("a", [-2.0, 0.0, 0.7])
def test_functions_by_hand(a):
    cases = {
        "exp": (math.exp(a), math.exp(a)),
        "tanh": (math.tanh(a), 1 - math.tanh(a) ** 2),
        "sigmoid": (sig(a), sig(a) * (1 - sig(a))),        # at 0: ½ and ¼
        "relu": (max(a, 0.0), 1.0 if a > 0 else 0.0),
    }
    if a > 0:
        cases["log"] = (math.log(a), 1 / a)
    for op, (value, slope) in cases.items():
        v = Value(a)
        out = getattr(v, op)()
        out.backward()
        assert (out.data, v.grad) == pytest.approx((value, slope), abs=1e-15), op


def test_sigmoid_at_zero_and_far_out():
    v = Value(0.0)
    out = v.sigmoid()
    out.backward()
    assert (out.data, v.grad) == (0.5, 0.25)
    for a in (-800.0, 800.0):   # no overflow either way
        assert Value(a).sigmoid().data in (0.0, 1.0)


# -- the rules that catch everyone ---------------------------------------------------------------
def test_a_value_used_twice_gets_the_sum():
    # y = x·x + x at x = 3: dy/dx = 2x + 1 = 7 (three uses of x)
    x = Value(3.0)
    y = x * x + x
    y.backward()
    assert x.grad == 7.0


def test_fan_out_of_lesson_04_sums_both_paths():
    # one hidden output y1 feeding two sigmoid outputs: ∂E/∂y1 = Σ_k w_k δ_k (lesson 04: 0.2718)
    y1 = Value(sig(0.8))
    E = 0.5 * ((1.2 * y1 + 0.2).sigmoid() - 0.0) ** 2 + 0.5 * ((-0.7 * y1 + 0.1).sigmoid() - 1.0) ** 2
    E.backward()
    eps = 1e-6
    f = lambda y: 0.5 * sig(1.2 * y + 0.2) ** 2 + 0.5 * (sig(-0.7 * y + 0.1) - 1) ** 2
    assert y1.grad == pytest.approx((f(y1.data + eps) - f(y1.data - eps)) / (2 * eps), abs=1e-9)
    assert round(y1.grad, 4) == 0.2718


def test_backward_again_starts_from_zero():
    x = Value(3.0)
    y = x * x
    y.backward()
    y.backward()
    assert x.grad == 6.0 and y.grad == 1.0


def test_backward_zeroes_intermediate_grads_too():
    a = Value(2.0)
    b = a * a
    c = b * 3
    c.backward()
    first = (a.grad, b.grad)
    c.backward()
    assert (a.grad, b.grad) == first == (12.0, 3.0)


def test_graph_lists_each_value_once_inputs_first():
    x = Value(1.0)
    y = x * x
    z = y + y
    order = z.graph()
    assert len(order) == 3 and order[-1] is z and order.index(x) < order.index(y)


# -- depth -------------------------------------------------------------------------------------------
def test_ten_thousand_chained_operations():
    assert sys.getrecursionlimit() < 10_000
    x = Value(0.5)
    y = x
    for _ in range(10_000):
        y = y + x           # y = 10001·x, and x is reused 10,000 times
    y.backward()
    assert x.grad == 10_001.0 and y.data == pytest.approx(5000.5)
    z = Value(1.0)
    w = z
    for _ in range(10_000):
        w = w * 1.0001      # a pure chain: dw/dz = 1.0001^10000
    w.backward()
    assert z.grad == pytest.approx(1.0001 ** 10_000, rel=1e-9)


# -- bad input -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("make, error, message", [
    (lambda: Value("2"), TypeError, "Value's data must be a real number, got '2' (str)."),
    (lambda: Value(True), TypeError, "Value's data must be a real number, got True (bool)."),
    (lambda: Value(float("nan")), ValueError, "Value's data must be a finite number, got nan."),
    (lambda: Value(1.0) + "a", TypeError, "the other operand must be a real number or a Value, got 'a' (str)."),
    (lambda: Value(1.0) * [2], TypeError, "the other operand must be a real number or a Value, got [2] (list)."),
    (lambda: Value(2.0) ** Value(2.0), TypeError, "the exponent n in v ** n must be a real number, got Value("),
    (lambda: Value(0.0).log(), ValueError, "log(v): v must be positive, got v = 0."),
    (lambda: Value(-3.0).log(), ValueError, "log(v): v must be positive, got v = -3."),
    (lambda: Value(-8.0) ** 0.5, ValueError, "v ** n: a negative base (-8) needs a whole-number exponent, got n = 0.5."),
    (lambda: Value(0.0) ** -1, ValueError, "v ** n: a base of 0 needs an exponent n ≥ 1 (or n = 0), got n = -1."),
    (lambda: Value(1.0) / 0, ZeroDivisionError, "a / b: the divisor b must not be 0 (a = 1)."),
    (lambda: Value(1000.0).exp(), OverflowError, "exp(v): v = 1000 is too large"),
    (lambda: Value(1e200) * 1e200, OverflowError, "×(1e+200, 1e+200) is not a finite number"),
    (lambda: Value(10.0) ** 400, OverflowError, "v ** n: 10 ** 400 is too large or too small for floats."),
    (lambda: Value(1e-200) ** -2, OverflowError, "v ** n: 1e-200 ** -2 is too large or too small for floats."),
    (lambda: Value(1e300) / 1e-300, OverflowError, "a / b: 1e+300 / 1e-300 is too large for floats."),
    (lambda: Value(1e-320).log(), OverflowError, "log(9.99989e-321) is not a finite number"),
])
def test_bad_input_is_refused_with_a_clear_message(make, error, message):
    with pytest.raises(error) as info:
        make()
    assert str(info.value).startswith(message)


def test_a_refused_operation_changes_nothing():
    v = Value(-2.0)
    with pytest.raises(ValueError):
        v.log()
    assert (v.data, v.grad, v.parents) == (-2.0, 0.0, ())


# -- random expression graphs against perturbation ----------------------------------------------------
UNARY = {"tanh": math.tanh, "sigmoid": sig, "square": lambda a: a * a, "neg": lambda a: -a,
         "exp": math.exp, "log1p2": lambda a: math.log(a * a + 1)}
BINARY = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
          "/": lambda a, b: a / (b * b + 1)}


def run_floats(program, leaves):
    """The program evaluated on plain floats: every node's value (the last is the output)."""
    nodes = list(leaves)
    for op, i, j in program:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        nodes.append(UNARY[op](a) if op in UNARY else BINARY[op](a, b))
    return nodes


def run_values(program, leaves):
    """The same program built from Values (the expressions the engine must differentiate)."""
    nodes = [Value(a) for a in leaves]
    for op, i, j in program:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        nodes.append({"tanh": lambda: a.tanh(), "sigmoid": lambda: a.sigmoid(), "square": lambda: a ** 2,
                      "neg": lambda: -a, "exp": lambda: a.exp(), "log1p2": lambda: (a * a + 1).log(),
                      "+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b,
                      "/": lambda: a / (b * b + 1)}[op]())
    return nodes


programs = st.lists(st.tuples(st.sampled_from(sorted(UNARY) + sorted(BINARY)), st.integers(0, 1000),
                              st.integers(0, 1000)), min_size=1, max_size=12)
leaf_values = st.lists(st.floats(-2, 2, allow_nan=False), min_size=1, max_size=4)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(program=programs, leaves=leaf_values)
def test_random_graphs_with_reused_nodes_match_perturbation(program, leaves):
    floats = run_floats(program, leaves)
    assume(all(abs(v) < 50 for v in floats))
    nodes = run_values(program, leaves)
    out = nodes[-1]
    assert out.data == pytest.approx(floats[-1], rel=1e-12, abs=1e-12)
    out.backward()
    eps = 1e-6
    for k in range(len(leaves)):
        up, down = list(leaves), list(leaves)
        up[k] += eps
        down[k] -= eps
        measured = (run_floats(program, up)[-1] - run_floats(program, down)[-1]) / (2 * eps)
        assert nodes[k].grad == pytest.approx(measured, rel=1e-4, abs=1e-5), (k, program, leaves)


def test_the_random_programs_do_reuse_nodes():
    # A program where one leaf feeds several operations: the situation the property test is about.
    program = [("*", 0, 0), ("+", 1, 0), ("tanh", 2, 0)]
    nodes = run_values(program, [0.3])
    nodes[-1].backward()
    eps = 1e-6
    measured = (run_floats(program, [0.3 + eps])[-1] - run_floats(program, [0.3 - eps])[-1]) / (2 * eps)
    assert nodes[0].grad == pytest.approx(measured, rel=1e-6)
    assert nodes[0].grad == pytest.approx((1 - math.tanh(0.09 + 0.3) ** 2) * (2 * 0.3 + 1), rel=1e-12)
