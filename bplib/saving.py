"""Keeping a network: to a dict of plain lists, and to and from a JSON file (lessons 06 and 07).

``save`` writes through a temporary file and a rename, so a failure part-way
leaves an earlier file whole; ``load`` says "... is not a saved network" for
any other file, and checks the sizes and shapes before it builds anything.
"""

import json
import os
import tempfile

from . import _checks

MAX_FILE_BYTES = 50_000_000   # a saved network larger than this is refused unread


def to_dict(net):
    """Everything needed to rebuild ``net``, as plain lists and strings (JSON-ready)."""
    return {"sizes": list(net.sizes), "activation": net.activation.name,
            "output_activation": net.output_activation.name, "error_function": net.error_function,
            "weights": [w.tolist() for w in net.weights], "biases": [b.tolist() for b in net.biases]}


def from_dict(data, cls=None):
    """The network that :func:`to_dict` described; its weights are checked before any are made."""
    if cls is None:
        from .network import Network as cls
    if not isinstance(data, dict):
        raise TypeError(f"data must be a dict made by to_dict(), got {type(data).__name__}.")
    missing = [k for k in ("sizes", "activation", "weights", "biases") if k not in data]
    if missing:
        raise ValueError(f"data is missing the key(s) {missing}; expected a dict made by to_dict().")
    sizes = _checks.layer_sizes(data["sizes"])
    shapes = [(n_out, n_in) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    weights = _checks.Layers(data["weights"], shapes, "weights")
    biases = _checks.Layers(data["biases"], [(n_out,) for n_out, _ in shapes], "biases")
    net = cls(sizes, data["activation"], data.get("output_activation"),
              error_function=data.get("error_function", "squared"))
    net.weights, net.biases = list(weights), list(biases)
    return net


def save(net, path, history=None):
    """Write ``net`` to a JSON file at ``path``, atomically; with its training :class:`~bplib.History`,
    also ``"history"``: the errors per epoch (and on the validation data), and η."""
    data = to_dict(net)
    if history is not None:
        if not hasattr(history, "errors"):
            raise TypeError(f"history must be a bplib.History (as fit returns), got {_checks.describe(history)}.")
        data["history"] = {"errors": [float(E) for E in history.errors],
                           "val_errors": [float(E) for E in history.val_errors], "lr": history.lr}
    _write_json(data, path)


def load(path, cls=None):
    """The network saved at ``path`` by :func:`save`."""
    data = _read_json(path, "a saved network")
    try:
        return from_dict(data, cls)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{path} is not a saved network: {exc}") from None


def _write_json(data, path):
    """Write ``data`` as JSON through a temporary file and a rename: a failure leaves an older file whole."""
    path = os.fspath(path)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _read_json(path, what, max_bytes=MAX_FILE_BYTES):
    """The JSON in ``path``; any other file gets "``path`` is not ``what``" (checked before it is read whole)."""
    if os.path.isdir(path):
        raise ValueError(f"{path} is not {what}: it is a folder.")
    if os.path.getsize(path) > max_bytes:
        raise ValueError(f"{path} is not {what}: it is larger than {max_bytes:,} bytes.")
    with open(path, "rb") as f:
        raw = f.read()
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError(f"{path} is not {what}: it is not JSON text.") from None
    except RecursionError:
        raise ValueError(f"{path} is not {what}: it is nested too deeply.") from None
