"""The recap's self-check questions: each choice answered at once, the wrong ones without the answer."""

import pytest

from bplib.lessons.quiz import Question, question_widget, recap

Q = Question("Which way should w move when dE/dw > 0?", ["larger", "smaller", "it stays"], answer=1,
             why="A positive slope means E rises as w grows.", nudge="Which way does E go when w grows?")


def test_right_choice_says_right_with_the_reason():
    box = question_widget(Q)
    box.buttons.value = "smaller"
    assert "Right. A positive slope means E rises as w grows." in box.verdict.value


@pytest.mark.parametrize("wrong", ["larger", "it stays"])
def test_wrong_choice_nudges_without_naming_the_answer(wrong):
    box = question_widget(Q)
    box.buttons.value = wrong
    assert "Not quite." in box.verdict.value and "smaller" not in box.verdict.value


def test_nothing_chosen_shows_nothing():
    box = question_widget(Q)
    assert box.buttons.value is None and box.verdict.value == ""


def test_answer_must_index_the_options():
    with pytest.raises(ValueError, match=r"answer must index options \(0 to 1\), got 2"):
        Question("?", ["a", "b"], answer=2, why="")


def test_recap_lists_what_you_can_do_and_every_question():
    widget = recap(["find the slope by nudging"], [Q, Q])
    assert "find the slope by nudging" in widget.children[0].value
    assert len(widget.children) == 3
