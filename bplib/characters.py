"""Characters to read: two 5×7 bitmap fonts of A–Z and 0–9, and variants of them (lesson 07).

Every character is a grid of 7 rows of 5 pixels, written out below as text
(``#`` lit, ``.`` dark), so you can read the fonts in this file: :data:`FONT`
(the "wide" style, 5 pixels wide) and :data:`NARROW` (a second style, 4 pixels
wide, drawn in the left four columns). A network reads a character as 35
inputs, the rows one after another, each 1 (lit) or 0 (dark), and answers with
36 outputs, one per class.

To get more than one picture of each character, the data set makes variants:

* **shifted** — the whole character moved one pixel (up, down, left, right or
  diagonally). A shift may push at most one lit pixel off the grid: an E
  pushed right loses the ends of its top and bottom bars and looks exactly
  like a B pushed right, which nobody could read;
* **bold** — every lit pixel also lights the pixel to its right;
* **noisy** — every pixel flipped (lit ↔ dark) with probability ``noise``.

Everything is made in code from a seed; nothing is downloaded.

:func:`honest_split` makes a training, a validation and a test set that share
no picture: training shows every character wide (plain and bold) and narrow
(plain), with noise; the narrow characters in bold are never trained on, and
are split between validation (A, C, E, ...) and test (B, D, F, ...).

    >>> x, t = make_set(n_per_class=2, seed=0)
    >>> x.shape, t.shape            # 36 classes × 2 samples, 35 pixels, 36 outputs
    ((72, 35), (72, 36))
    >>> print(to_text(glyph("A")))
    .###.
    #...#
    #...#
    #####
    #...#
    #...#
    #...#
"""

import itertools

import numpy as np

from . import _checks

ROWS, COLS = 7, 5
N_PIXELS = ROWS * COLS

#: The 36 classes in output order: output ``k`` of the network stands for ``CLASSES[k]``.
CLASSES = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

# One character per entry, 7 rows of 5 pixels: '#' is lit, '.' is dark.
FONT = {
    "A": (".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"),
    "B": ("####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."),
    "C": (".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."),
    "D": ("###..", "#..#.", "#...#", "#...#", "#...#", "#..#.", "###.."),
    "E": ("#####", "#....", "#....", "####.", "#....", "#....", "#####"),
    "F": ("#####", "#....", "#....", "####.", "#....", "#....", "#...."),
    "G": (".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####"),
    "H": ("#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"),
    "I": (".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "J": ("..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."),
    "K": ("#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"),
    "L": ("#....", "#....", "#....", "#....", "#....", "#....", "#####"),
    "M": ("#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"),
    "N": ("#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#"),
    "O": (".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "P": ("####.", "#...#", "#...#", "####.", "#....", "#....", "#...."),
    "Q": (".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"),
    "R": ("####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"),
    "S": (".####", "#....", "#....", ".###.", "....#", "....#", "####."),
    "T": ("#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."),
    "U": ("#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "V": ("#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."),
    "W": ("#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#."),
    "X": ("#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"),
    "Y": ("#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."),
    "Z": ("#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"),
    "0": (".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": ("#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": ("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."),
}

# The second style: 4 pixels wide (the fifth column stays dark), so most of its characters may move right.
NARROW = {
    "A": (".##.", "#..#", "#..#", "####", "#..#", "#..#", "#..#"),
    "B": ("###.", "#..#", "#..#", "###.", "#..#", "#..#", "###."),
    "C": (".###", "#...", "#...", "#...", "#...", "#...", ".###"),
    "D": ("###.", "#..#", "#..#", "#..#", "#..#", "#..#", "###."),
    "E": ("####", "#...", "#...", "###.", "#...", "#...", "####"),
    "F": ("####", "#...", "#...", "###.", "#...", "#...", "#..."),
    "G": (".###", "#...", "#...", "#.##", "#..#", "#..#", ".###"),
    "H": ("#..#", "#..#", "#..#", "####", "#..#", "#..#", "#..#"),
    "I": (".#..", ".#..", ".#..", ".#..", ".#..", ".#..", ".#.."),
    "J": ("####", "...#", "...#", "...#", "...#", "#..#", ".##."),
    "K": ("#..#", "#..#", "#.#.", "##..", "#.#.", "#..#", "#..#"),
    "L": ("#...", "#...", "#...", "#...", "#...", "#...", "####"),
    "M": ("#..#", "####", "####", "#..#", "#..#", "#..#", "#..#"),
    "N": ("#..#", "##.#", "##.#", "#.##", "#.##", "#..#", "#..#"),
    "O": (".##.", "#..#", "#..#", "#..#", "#..#", "#..#", ".##."),
    "P": ("###.", "#..#", "#..#", "###.", "#...", "#...", "#..."),
    "Q": (".##.", "#..#", "#..#", "#..#", "#.##", ".##.", "...#"),
    "R": ("###.", "#..#", "#..#", "###.", "#.#.", "#..#", "#..#"),
    "S": (".###", "#...", "#...", ".##.", "...#", "...#", "###."),
    "T": ("###.", ".#..", ".#..", ".#..", ".#..", ".#..", ".#.."),
    "U": ("#..#", "#..#", "#..#", "#..#", "#..#", "#..#", ".##."),
    "V": ("#.#.", "#.#.", "#.#.", "#.#.", "#.#.", "#.#.", ".#.."),
    "W": ("#..#", "#..#", "#..#", "#..#", "####", "####", "#..#"),
    "X": ("#..#", "#..#", ".##.", ".##.", ".##.", "#..#", "#..#"),
    "Y": ("#.#.", "#.#.", "#.#.", ".#..", ".#..", ".#..", ".#.."),
    "Z": ("####", "...#", "..#.", "..#.", ".#..", "#...", "####"),
    "0": (".##.", "#..#", "#.##", "#..#", "##.#", "#..#", ".##."),
    "1": ("..#.", ".##.", "#.#.", "..#.", "..#.", "..#.", "..#."),
    "2": (".##.", "#..#", "...#", "..#.", ".#..", "#...", "####"),
    "3": ("###.", "...#", "...#", ".##.", "...#", "...#", "###."),
    "4": ("#..#", "#..#", "#..#", "####", "...#", "...#", "...#"),
    "5": ("####", "#...", "###.", "...#", "...#", "#..#", ".##."),
    "6": (".##.", "#...", "#...", "###.", "#..#", "#..#", ".##."),
    "7": ("####", "...#", "...#", "..#.", ".#..", ".#..", ".#.."),
    "8": (".##.", "#..#", "#..#", ".##.", "#..#", "#..#", ".##."),
    "9": (".##.", "#..#", "#..#", ".###", "...#", "...#", ".##."),
}
STYLES = ("wide", "narrow")

#: The one-pixel shifts ``(dy, dx)`` a variant may use (``dy > 0`` moves down, ``dx > 0`` right).
SHIFTS = tuple(itertools.product((-1, 0, 1), repeat=2))


def _class_index(char):
    if not isinstance(char, str) or len(char) != 1 or char not in CLASSES:
        raise ValueError(f"char must be one of the 36 characters {CLASSES!r} (capital letters "
                         f"and digits), got {char!r}.")
    return CLASSES.index(char)


def glyph(char, style="wide"):
    """The clean picture of ``char`` as a ``(7, 5)`` array of 0s and 1s (1 = lit).

    ``style="narrow"`` gives the second style (:data:`NARROW`), 4 pixels wide.
    """
    _class_index(char)
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, got {style!r}.")
    rows = FONT[char] if style == "wide" else tuple(row + "." for row in NARROW[char])
    return np.array([[1.0 if p == "#" else 0.0 for p in row] for row in rows])


def glyphs(style="wide"):
    """All 36 clean pictures of ``style``, shape ``(36, 7, 5)``, in the order of :data:`CLASSES`."""
    return np.stack([glyph(c, style) for c in CLASSES])


def as_image(pixels, name="image"):
    """``pixels`` (35 values, or 7 rows of 5) as a ``(7, 5)`` float array."""
    arr = _checks.as_array(pixels, name, ndim=(1, 2))
    if arr.size != N_PIXELS or (arr.ndim == 2 and arr.shape != (ROWS, COLS)):
        raise ValueError(f"{name} must hold {N_PIXELS} pixels, as shape ({N_PIXELS},) or "
                         f"({ROWS}, {COLS}), got shape {arr.shape}.")
    return arr.reshape(ROWS, COLS)


def to_text(pixels):
    """A picture as 7 lines of 5 characters, ``#`` for a lit pixel (value ≥ 0.5), ``.`` for dark."""
    image = as_image(pixels, "pixels")
    return "\n".join("".join("#" if p >= 0.5 else "." for p in row) for row in image)


def shift(image, dy, dx):
    """``image`` moved ``dy`` pixels down and ``dx`` right; what leaves the grid is lost.

    The pixels it leaves behind are dark. For example, ``shift`` of the row
    ``"..##."`` by ``dx = 1`` gives ``"...##"``, by ``dx = -1`` gives ``".##.."``.
    """
    image = as_image(image)
    dy = _checks.whole_number(dy, "dy", minimum=-10**9)
    dx = _checks.whole_number(dx, "dx", minimum=-10**9)
    out = np.zeros_like(image)
    if abs(dy) >= ROWS or abs(dx) >= COLS:
        return out  # moved right off the grid
    out[max(dy, 0):ROWS + min(dy, 0), max(dx, 0):COLS + min(dx, 0)] = \
        image[max(-dy, 0):ROWS - max(dy, 0), max(-dx, 0):COLS - max(dx, 0)]
    return out


def thicken(image):
    """The bold ``image``: every lit pixel also lights its right-hand neighbour.

    The row ``".#.#."`` becomes ``".####"``.
    """
    image = as_image(image)
    return np.maximum(image, shift(image, 0, 1))


def allowed_shifts(image, max_lost=1):
    """The shifts in :data:`SHIFTS` that push at most ``max_lost`` lit pixels off the grid."""
    image = as_image(image)
    max_lost = _checks.whole_number(max_lost, "max_lost", minimum=0)
    lit = image.sum()
    return [s for s in SHIFTS if lit - shift(image, *s).sum() <= max_lost]


def add_noise(image, noise, rng):
    """``image`` with each pixel flipped (lit ↔ dark) with probability ``noise``.

    ``rng`` is a ``numpy.random.Generator`` or a seed. With ``noise=0.1``
    about 3.5 of the 35 pixels flip.
    """
    image = as_image(image)
    noise = _fraction(noise, "noise")
    rng = np.random.default_rng(rng)
    flip = rng.random(image.shape) < noise
    return np.where(flip, 1.0 - image, image)


def _fraction(value, name):
    value = _checks.number(value, name)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a fraction between 0 and 1, got {value}.")
    return value


def make_set(n_per_class=10, noise=0.0, shifted=True, bold=True, seed=0, max_lost=1):
    """``(x, t)``: ``n_per_class`` variants of each of the 36 characters.

    Sample ``i`` is a variant of ``CLASSES[i // n_per_class]`` (class by
    class, in order). Each variant is bold with probability ½ (when
    ``bold``), moved by a shift drawn from :func:`allowed_shifts` (when
    ``shifted``), then flipped pixel by pixel with probability ``noise``.
    ``x`` has shape ``(36·n_per_class, 35)`` (the 7 rows one after
    another), ``t`` the one-hot desired outputs, shape ``(36·n_per_class, 36)``:
    ``t[i, k] = 1`` when sample ``i`` is character ``CLASSES[k]``, else 0.
    The same ``seed`` gives the same set.
    """
    n_per_class = _checks.whole_number(n_per_class, "n_per_class", minimum=1)
    noise = _fraction(noise, "noise")
    seed = _checks.whole_number(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    x = np.empty((len(CLASSES) * n_per_class, N_PIXELS))
    for k, char in enumerate(CLASSES):
        clean = glyph(char)
        for i in range(n_per_class):
            image = thicken(clean) if bold and rng.random() < 0.5 else clean
            if shifted:
                options = allowed_shifts(image, max_lost)
                image = shift(image, *options[rng.integers(len(options))])
            x[k * n_per_class + i] = add_noise(image, noise, rng).ravel()
    t = np.repeat(np.eye(len(CLASSES)), n_per_class, axis=0)
    return x, t


def variants(char, max_lost=1):
    """The distinct clean pictures of ``char``: ``[(style, bold, (dy, dx), image), ...]``.

    Every style, plain or bold, at every shift :func:`allowed_shifts`
    allows; a picture that equals one already listed (the narrow I moved
    right is not a new picture, for one) is listed once, under the first way
    it was made (the wide style first). ``image`` has shape ``(7, 5)``.
    """
    seen, out = set(), []
    for style in STYLES:
        clean = glyph(char, style)
        for bold in (False, True):
            image = thicken(clean) if bold else clean
            for dy, dx in allowed_shifts(image, max_lost):
                moved = shift(image, dy, dx)
                key = moved.tobytes()
                if key not in seen:
                    seen.add(key)
                    out.append((style, bold, (dy, dx), moved))
    return out


def _noisy(image, noise, rng, avoid):
    """``image`` with noise, drawn again until it is none of the pictures in ``avoid`` (bytes)."""
    while True:
        picture = add_noise(image, noise, rng).ravel()
        if picture.tobytes() not in avoid:
            return picture


def held_out(style, bold):
    """Whether a picture of this style and boldness is kept out of training: the narrow style in bold."""
    return style == "narrow" and bool(bold)


def honest_split(n_per_class=20, noise=0.05, seed=0):
    """``{"train": (x, t), "val": (x, t), "test": (x, t)}``: three sets that share no picture.

    The network trains on every character in the wide style, plain and bold,
    and in the narrow style plain (each variant at every allowed shift,
    :func:`variants`): ``n_per_class`` pictures per character, each drawn at
    random from these and flipped pixel by pixel with probability ``noise``.
    It never trains on a narrow character in bold (:func:`held_out`): that
    combination is kept back. Its clean pictures are split in two: those of
    the characters at even places in :data:`CLASSES` (A, C, E, ..., 0, 2,
    ...) are the **validation** set, for every choice made while training;
    those at odd places (B, D, ..., 1, 3, ...) are the **test** set, looked
    at once, at the end. A narrow bold picture that equals a wide one (the
    bold L does) is a training picture and is held out nowhere; a noisy
    training picture that happens to equal a validation or test picture is
    drawn again. So no picture is in two sets.
    """
    n_per_class = _checks.whole_number(n_per_class, "n_per_class", minimum=1)
    noise = _fraction(noise, "noise")
    seed = _checks.whole_number(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    pools, held = [], {"val": ([], []), "test": ([], [])}
    for k, char in enumerate(CLASSES):
        pictures = variants(char)
        part = held["val" if k % 2 == 0 else "test"]
        for style, bold, _, image in pictures:
            if held_out(style, bold):
                part[0].append(image.ravel())
                part[1].append(k)
        pools.append([image for style, bold, _, image in pictures if not held_out(style, bold)])
    banned = {p.tobytes() for part in held.values() for p in part[0]}
    x = np.empty((len(CLASSES) * n_per_class, N_PIXELS))
    for k, pool in enumerate(pools):
        for i in range(n_per_class):
            x[k * n_per_class + i] = _noisy(pool[rng.integers(len(pool))], noise, rng, banned)
    eye = np.eye(len(CLASSES))
    out = {"train": (x, np.repeat(eye, n_per_class, axis=0))}
    for name, (pictures, labels) in held.items():
        out[name] = (np.array(pictures), eye[labels])
    return out


def noisy_copies(x, t, noise, copies=10, seed=1, avoid=()):
    """``copies`` noisy versions of every picture in ``x`` (each pixel flipped with probability ``noise``).

    Returns ``(x, t)`` with the copies of sample 0 first, then sample 1, ...
    A copy equal to a picture in ``avoid`` (an array of pictures, one per row)
    is drawn again. With ``noise=0`` the pictures come back once each, unchanged.
    """
    x = _checks.as_array(x, "x", ndim=2)
    t = _checks.as_array(t, "t", ndim=2)
    noise = _fraction(noise, "noise")
    if noise == 0:
        return x.copy(), t.copy()
    copies = _checks.whole_number(copies, "copies", minimum=1)
    rng = np.random.default_rng(_checks.whole_number(seed, "seed", minimum=0))
    banned = {np.asarray(p, dtype=float).tobytes() for p in np.asarray(avoid, dtype=float).reshape(-1, N_PIXELS)}
    out = np.array([_noisy(p, noise, rng, banned) for p in x for _ in range(copies)])
    return out, np.repeat(t, copies, axis=0)


def label(output):
    """The character an output vector (or a one-hot target) stands for: ``CLASSES[argmax]``.

    ``output`` of shape ``(36,)`` gives one character, shape ``(n, 36)`` a string of ``n``.
    """
    y = _checks.as_array(output, "output", ndim=(1, 2))
    if y.shape[-1] != len(CLASSES):
        raise ValueError(f"output must have {len(CLASSES)} values per sample (one per class), "
                         f"got shape {y.shape}.")
    k = np.argmax(y, axis=-1)
    return CLASSES[int(k)] if y.ndim == 1 else "".join(CLASSES[int(i)] for i in k)
