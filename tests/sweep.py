"""The slider sweep used by every lesson's tests.

Every control at its minimum and maximum, each alone and all together, then
random combinations: at least ``n`` settings in all. After each one the demo
must have raised nothing and must show no NaN or infinite number, in the
figure or in the text.
"""

from bplib.lessons._demo import sweep_values


def assert_sweep(demo, n=200, seed=0):
    """Drive ``demo`` through ``n`` or more control settings; fail on the first problem."""
    tried = 0
    for values in sweep_values(demo, n=n, seed=seed):
        demo.set(**values)
        problems = demo.problems()
        assert not problems, f"after setting {values}: {problems}"
        tried += 1
    assert tried >= n
    return tried
