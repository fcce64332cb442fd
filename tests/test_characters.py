"""The character data set of lesson 07: the font, its variants, and the sets made from them."""

import itertools

import numpy as np
import pytest

from bplib import characters as C


# -- the font ---------------------------------------------------------------------------
def test_every_glyph_is_seven_rows_of_five_pixels():
    for char, rows in C.FONT.items():
        assert len(rows) == 7, char
        for row in rows:
            assert len(row) == 5 and set(row) <= {"#", "."}, (char, row)


def test_thirty_six_distinct_classes_and_glyphs():
    assert C.CLASSES == "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    assert len(set(C.CLASSES)) == 36
    assert set(C.FONT) == set(C.CLASSES)
    pictures = {C.FONT[c] for c in C.CLASSES}
    assert len(pictures) == 36
    assert C.glyphs().shape == (36, 7, 5)


def test_glyph_reads_the_text():
    # 'L': a left column of 7 lit pixels and a full bottom row: 7 + 4 = 11 lit pixels.
    image = C.glyph("L")
    assert image.shape == (7, 5)
    assert image[:, 0].tolist() == [1] * 7
    assert image[6].tolist() == [1] * 5
    assert image.sum() == 11
    assert C.to_text(image) == "#....\n#....\n#....\n#....\n#....\n#....\n#####"


def test_o_and_zero_and_i_and_one_differ():
    # Characters people confuse differ in at least 3 pixels in this font.
    for a, b in [("O", "0"), ("I", "1"), ("B", "8"), ("S", "5"), ("Z", "2")]:
        assert np.abs(C.glyph(a) - C.glyph(b)).sum() >= 3, (a, b)


# -- variants ---------------------------------------------------------------------------
def test_shift_moves_every_pixel():
    image = C.glyph("I")          # .###. / ..#.. / ... : room on the left and right
    right = C.shift(image, 0, 1)
    assert C.to_text(right).splitlines()[0] == "..###"
    assert np.array_equal(right[:, 1:], image[:, :-1])
    assert right[:, 0].sum() == 0
    down = C.shift(image, 1, 0)
    assert np.array_equal(down[1:], image[:-1]) and down[0].sum() == 0
    assert np.array_equal(C.shift(image, 0, 0), image)


def test_shift_loses_what_leaves_the_grid():
    # 'T' moved down one: its top bar moves to row 2, the bottom pixel of its stem is lost.
    moved = C.shift(C.glyph("T"), 1, 0)
    assert C.to_text(moved) == ".....\n#####\n..#..\n..#..\n..#..\n..#..\n..#.."
    assert C.glyph("T").sum() - moved.sum() == 1
    assert C.shift(C.glyph("T"), 7, 0).sum() == 0


def test_thicken_lights_the_right_neighbour():
    # By hand, V's last three rows: '#...#' -> '##..#', '.#.#.' -> '.####', '..#..' -> '..##.'
    bold = C.thicken(C.glyph("V"))
    assert C.to_text(bold).splitlines()[-3:] == ["##..#", ".####", "..##."]
    assert np.all(bold >= C.glyph("V"))


def test_allowed_shifts_lose_at_most_one_pixel():
    # 'I' touches the top and bottom rows with 3 pixels each, so it may move only sideways.
    assert sorted(C.allowed_shifts(C.glyph("I"))) == [(0, -1), (0, 0), (0, 1)]
    for char in C.CLASSES:
        image = C.glyph(char)
        for s in C.allowed_shifts(image):
            assert image.sum() - C.shift(image, *s).sum() <= 1
    # With no pixel allowed to fall off, 'H' (lit in all four edges) cannot move at all.
    assert C.allowed_shifts(C.glyph("H"), max_lost=0) == [(0, 0)]


def test_no_two_characters_share_a_clean_variant():
    seen = {}
    for char in C.CLASSES:
        for bold in (False, True):
            image = C.thicken(C.glyph(char)) if bold else C.glyph(char)
            for s in C.allowed_shifts(image):
                key = C.shift(image, *s).tobytes()
                assert seen.setdefault(key, char) == char, (char, bold, s, seen[key])


def test_noise_flips_about_the_given_fraction():
    rng = np.random.default_rng(0)
    image = C.glyph("A")
    flipped = [np.abs(C.add_noise(image, 0.1, rng) - image).sum() for _ in range(2000)]
    # 70 000 pixels, each flipped with probability 0.1: the fraction's spread is about 0.0011.
    assert abs(np.sum(flipped) / (2000 * 35) - 0.1) < 0.005
    assert np.array_equal(C.add_noise(image, 0.0, rng), image)
    assert np.array_equal(C.add_noise(image, 1.0, rng), 1 - image)


# -- the data sets ----------------------------------------------------------------------
def test_set_shapes_and_labels():
    x, t = C.make_set(n_per_class=3, seed=0)
    assert x.shape == (108, 35) and t.shape == (108, 36)
    assert set(np.unique(x)) <= {0.0, 1.0}
    assert np.all(t.sum(axis=1) == 1)
    assert C.label(t) == "".join(c * 3 for c in C.CLASSES)
    assert C.label(t[4]) == "B"


def test_plain_variants_are_the_clean_glyphs():
    x, _ = C.make_set(n_per_class=2, shifted=False, bold=False, noise=0.0)
    assert np.array_equal(x.reshape(36, 2, 7, 5)[:, 0], C.glyphs())
    assert np.array_equal(x.reshape(36, 2, 7, 5)[:, 1], C.glyphs())


def test_noisy_set_differs_from_the_clean_glyphs_by_the_noise():
    x, _ = C.make_set(n_per_class=50, shifted=False, bold=False, noise=0.2, seed=3)
    clean = np.repeat(C.glyphs().reshape(36, 35), 50, axis=0)
    assert abs(np.mean(x != clean) - 0.2) < 0.01


def test_same_seed_same_set_other_seed_other_variants():
    a, ta = C.make_set(5, noise=0.05, seed=7)
    b, tb = C.make_set(5, noise=0.05, seed=7)
    c, _ = C.make_set(5, noise=0.05, seed=8)
    assert np.array_equal(a, b) and np.array_equal(ta, tb)
    assert not np.array_equal(a, c)
    # Without noise, the seed still changes which variants (shift, bold) are drawn.
    assert not np.array_equal(C.make_set(5, seed=0)[0], C.make_set(5, seed=1)[0])


def test_variants_include_shifted_and_bold_ones():
    x, _ = C.make_set(n_per_class=20, seed=0)
    images = x.reshape(36, 20, 7, 5)
    clean = C.glyphs()
    lit = images.sum(axis=(2, 3))
    assert np.any(lit > clean.sum(axis=(1, 2))[:, None])      # bold adds pixels
    i_variants = {im.tobytes() for im in images[C.CLASSES.index("I")]}
    assert C.shift(C.glyph("I"), 0, 1).tobytes() in i_variants


def test_training_and_test_sets_are_different_draws():
    x_train, _ = C.training_set()
    x_test, _ = C.test_set()
    assert x_train.shape == (720, 35) and x_test.shape == (360, 35)
    assert not np.array_equal(x_train[::2][:360], x_test)


# -- bad input --------------------------------------------------------------------------
@pytest.mark.parametrize("call, error, words", [
    (lambda: C.glyph("a"), ValueError, "char must be one of the 36 characters"),
    (lambda: C.glyph("AB"), ValueError, "got 'AB'"),
    (lambda: C.make_set(0), ValueError, "n_per_class must be at least 1, got 0"),
    (lambda: C.make_set(2, noise=1.5), ValueError, "noise must be a fraction between 0 and 1, got 1.5"),
    (lambda: C.make_set(2, noise="lots"), TypeError, "noise must be a number"),
    (lambda: C.shift(C.glyph("A"), 0.5, 0), TypeError, "dy must be a whole number, got 0.5"),
    (lambda: C.to_text(np.zeros(34)), ValueError, "pixels must hold 35 pixels"),
    (lambda: C.as_image(np.zeros((5, 7))), ValueError, "got shape (5, 7)"),
    (lambda: C.label(np.zeros(10)), ValueError, "output must have 36 values per sample"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)
