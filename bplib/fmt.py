"""One way to write a number on screen, for every lesson (figures, tables, sliders, messages).

A real minus sign (−, not the hyphen), a fixed number of significant digits,
and powers of ten written as ×10ⁿ rather than ``e-07``::

    >>> fmt(0.755), fmt(-0.0961234), fmt(0.0), fmt(1.5e-7), fmt(12.0), fmt(-2.5e12, 2)
    ('0.755', '−0.09612', '0', '1.5×10⁻⁷', '12', '−2.5×10¹²')
    >>> superscript(-11)
    '⁻¹¹'
"""

import math

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(n):
    """A whole number in superscript digits, for layer numbers and powers of ten."""
    return str(int(n)).translate(_SUPERSCRIPT)


def fmt(value, digits=4):
    """``value`` with ``digits`` significant digits, a real minus and ×10ⁿ for very large or small numbers."""
    value = float(value)
    if not math.isfinite(value):
        return {math.inf: "∞", -math.inf: "−∞"}.get(value, "not a number")
    if value == 0.0:
        return "0"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}×10{superscript(exponent)}"
    return text.replace("-", "−")


def numpy_style(decimals=4):
    """Make numpy print arrays as the course writes numbers: ``decimals`` places and a real minus sign.

    Positive numbers get a space where the sign would be, so columns still line up::

        >>> import numpy as np
        >>> numpy_style()
        >>> print(np.array([1.8781, -1.1219]))
        [ 1.8781 −1.1219]
        >>> np.set_printoptions(formatter=None)
    """
    import numpy as np
    np.set_printoptions(precision=decimals, suppress=True,
                        formatter={"float_kind": lambda v: f"{round(v, decimals) or 0.0: .{decimals}f}".replace("-", "−")})
