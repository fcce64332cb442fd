"""bplib: the small helper package behind the backpropagation course.

The core — activations, the error, the one-weight model, the network with
its forward and backward passes, perturbation gradients, the data, and the
recurrent network of lesson 08 (:mod:`bplib.recurrent`) — is
plain numpy, small enough to read in one sitting, and sits in this folder.
The figures and widgets live in another, :mod:`bplib.lessons` (its shared
``plots``, ``diagram`` and ``_demo``, and one module per lesson), imported
only when a notebook asks for them, so ``import bplib`` does not import
matplotlib or ipywidgets.

    >>> import bplib
    >>> net = bplib.Network([2, 3, 2, 1], seed=0)
    >>> x, t = bplib.logic_gate("XOR")
    >>> dW, db = net.backward(x, t)
    >>> bplib.max_relative_difference((dW, db), bplib.perturbation_gradients(net, x, t)) < 1e-6
    True
"""

from . import characters, one_weight, recurrent, saving, training
from .activations import (ACTIVATIONS, Activation, get_activation, identity, identity_prime, relu,
                          relu_prime, sigmoid, sigmoid_prime, softmax, tanh, tanh_prime)
from .data import logic_gate, one_weight_table, two_class
from .feedback import Feedback, check
from .gradcheck import compare_gradients, max_relative_difference, perturbation_gradients
from .loss import cross_entropy, error, error_derivative
from .network import Network
from .results import DivergenceError, Gradients, History
from .neuron import Neuron

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS", "Activation", "characters", "saving", "training", "DivergenceError", "Feedback", "Gradients", "History", "Network",
    "check", "compare_gradients", "cross_entropy", "error", "error_derivative", "get_activation", "identity",
    "identity_prime", "logic_gate", "Neuron", "max_relative_difference", "one_weight", "one_weight_table",
    "perturbation_gradients", "recurrent", "relu", "relu_prime", "sigmoid", "sigmoid_prime", "softmax", "tanh", "tanh_prime",
    "two_class",
]
