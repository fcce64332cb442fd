"""A scalar reverse-mode automatic differentiation engine, written to be read (lesson 09).

Every number is a :class:`Value`. Each operation makes a new Value and keeps, beside its
result, its *local derivatives*: how much the result moves per unit move of each input.
``backward()`` then applies the chain rule once per operation, from the end to the start
(reverse topological order), adding what reaches each Value along every path::

    >>> w, x = Value(0.8), Value(1.5)
    >>> s = w * x + Value(-0.4)          # s = 0.8
    >>> E = 0.5 * s.sigmoid() ** 2
    >>> E.backward()
    >>> round(w.grad, 6), round(x.grad, 6)     # ∂E/∂w = y·f′(s)·x, ∂E/∂x = y·f′(s)·w
    (0.221388, 0.118074)

After Karpathy's micrograd; here each operation stores numbers (its local derivatives)
rather than a closure, and the graph is walked without recursion, so chains of any depth work.
Pure Python (the ``math`` module); no numpy.
"""

import math
import numbers


def _number(value, name, expected="a real number"):
    """``value`` as a float, or a clear error naming ``name`` (bools and non-finite numbers refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {expected}, got {value!r} ({type(value).__name__}).")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}.")
    return float(value)


class Value:
    """One number in a computation: ``data`` (forward), ``grad`` (∂output/∂this, after backward)."""

    __slots__ = ("data", "grad", "parents", "local", "op", "name")

    def __init__(self, data, parents=(), local=(), op="", name=""):
        self.data = _number(data, "Value's data")
        self.grad = 0.0
        self.parents, self.local, self.op, self.name = tuple(parents), tuple(local), op, name

    def __repr__(self):
        return f"Value({self.name + ', ' if self.name else ''}data={self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def _make(data, parents, local, op):
        """The result of an operation: refused, with the operation named, if it is not a finite number."""
        if not all(math.isfinite(v) for v in (data, *local)):
            inputs = ", ".join(f"{p.data:.6g}" for p in parents)
            raise OverflowError(f"{op}({inputs}) is not a finite number (value {data}, local derivatives "
                                f"{list(local)}): its inputs are too large, or too close to 0, for floats.")
        return Value(data, parents, local, op)

    @staticmethod
    def _lift(other, name="the other operand"):
        return other if isinstance(other, Value) else Value(_number(other, name, "a real number or a Value"))

    # -- operations: forward result, and beside it the local derivative for each input -------------
    def __add__(self, other):          # s = a + b:   ∂s/∂a = 1, ∂s/∂b = 1
        other = self._lift(other)
        return self._make(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __sub__(self, other):          # d = a − b:   ∂d/∂a = 1, ∂d/∂b = −1
        other = self._lift(other)
        return self._make(self.data - other.data, (self, other), (1.0, -1.0), "−")

    def __neg__(self):                 # −a:          derivative −1
        return self._make(-self.data, (self,), (-1.0,), "−")

    def __mul__(self, other):          # p = a·b:     ∂p/∂a = b, ∂p/∂b = a
        other = self._lift(other)
        return self._make(self.data * other.data, (self, other), (other.data, self.data), "×")

    def __pow__(self, n):              # q = aⁿ:      ∂q/∂a = n·aⁿ⁻¹   (n a plain number)
        n = _number(n, "the exponent n in v ** n")
        if self.data < 0 and not n.is_integer():
            raise ValueError(f"v ** n: a negative base ({self.data:g}) needs a whole-number exponent, got n = {n:g}.")
        if self.data == 0 and n < 1 and n != 0:
            raise ValueError(f"v ** n: a base of 0 needs an exponent n ≥ 1 (or n = 0), got n = {n:g}.")
        try:
            return self._make(self.data ** n, (self,), (n * self.data ** (n - 1),), f"**{n:g}")
        except (OverflowError, ZeroDivisionError):
            raise OverflowError(f"v ** n: {self.data:g} ** {n:g} is too large or too small for floats.") from None

    def __truediv__(self, other):      # r = a/b:     ∂r/∂a = 1/b, ∂r/∂b = −a/b²
        other = self._lift(other, "the divisor")
        if other.data == 0:
            raise ZeroDivisionError(f"a / b: the divisor b must not be 0 (a = {self.data:g}).")
        try:
            return self._make(self.data / other.data, (self, other),
                              (1 / other.data, -(self.data / other.data) / other.data), "/")
        except (OverflowError, ZeroDivisionError):
            raise OverflowError(f"a / b: {self.data:g} / {other.data:g} is too large for floats.") from None

    def exp(self):                     # e^a:         derivative e^a
        if self.data > 709:
            raise OverflowError(f"exp(v): v = {self.data:g} is too large (at most 709, or e^v overflows).")
        out = math.exp(self.data)
        return self._make(out, (self,), (out,), "exp")

    def log(self):                     # ln a:        derivative 1/a
        if self.data <= 0:
            raise ValueError(f"log(v): v must be positive, got v = {self.data:g}.")
        return self._make(math.log(self.data), (self,), (1 / self.data,), "log")

    def tanh(self):                    # tanh a:      derivative 1 − tanh²a
        out = math.tanh(self.data)
        return self._make(out, (self,), (1 - out * out,), "tanh")

    def sigmoid(self):                 # σ(a):        derivative σ(a)·(1 − σ(a))
        a = self.data
        out = 1 / (1 + math.exp(-a)) if a >= 0 else math.exp(a) / (1 + math.exp(a))
        return self._make(out, (self,), (out * (1 - out),), "σ")

    def relu(self):                    # max(0, a):   derivative 1 where a > 0, else 0
        return self._make(max(0.0, self.data), (self,), (1.0 if self.data > 0 else 0.0,), "relu")

    # -- the other forms, written with the ones above --------------------------------------------
    def __radd__(self, other):
        return self._lift(other) + self

    def __rmul__(self, other):
        return self._lift(other) * self

    def __rsub__(self, other):
        return self._lift(other) - self

    def __rtruediv__(self, other):
        return self._lift(other, "the dividend") / self

    # -- backward pass ----------------------------------------------------------------------------
    def graph(self):
        """Every Value this one was computed from (and itself), each after all of its inputs.

        A depth-first walk with an explicit stack, not recursion, so a chain of
        10,000 operations works as well as a chain of 3.
        """
        order, seen, stack = [], {id(self)}, [(self, iter(self.parents))]
        while stack:
            node, inputs = stack[-1]
            for p in inputs:
                if id(p) not in seen:
                    seen.add(id(p))
                    stack.append((p, iter(p.parents)))
                    break
            else:                      # every input placed: the node itself can go
                order.append(node)
                stack.pop()
        return order

    def backward(self):
        """Set ``.grad`` of every Value in the graph to ∂self/∂(that Value), starting from zero.

        In reverse order each node passes on its gradient times each local derivative;
        a Value used twice receives the *sum* of both contributions (``+=``).
        """
        order = self.graph()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local):
                parent.grad += local * node.grad
