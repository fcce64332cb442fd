"""The recap at the end of every lesson: what you can now do, and quick self-check questions.

Each question is a set of radio buttons (keyboard and screen-reader friendly:
the question is the group's accessible name). Choosing an answer shows at once
whether it is right, with a short reason; a wrong choice gets a nudge, not the
right answer::

    from bplib.lessons.quiz import Question, recap
    recap(["find the slope dE/dw by nudging w"],
          [Question("Which way should w move when dE/dw > 0?",
                    ["larger", "smaller"], answer=1,
                    why="A positive slope means E rises with w.",
                    nudge="Which way does E go when w grows?")])
"""

import html
from dataclasses import dataclass

import ipywidgets as widgets


@dataclass(frozen=True)
class Question:
    """One multiple-choice question: ``options[answer]`` is right.

    ``why`` is shown after the right choice, ``nudge`` after a wrong one (it
    must not name the right option).
    """

    question: str
    options: list
    answer: int
    why: str
    nudge: str = "Not quite: read the question again and think it through once more."

    def __post_init__(self):
        if not 0 <= self.answer < len(self.options):
            raise ValueError(f"answer must index options (0 to {len(self.options) - 1}), got {self.answer}")

    def verdict(self, choice):
        """(correct, message) for the option at index ``choice`` (None: nothing chosen yet)."""
        if choice is None:
            return False, ""
        if choice == self.answer:
            return True, f"Right. {self.why}"
        return False, f"Not quite. {self.nudge}"


def question_widget(q):
    """Radio buttons for ``q`` and a line that answers each choice at once."""
    title = widgets.HTML(f"<b>{html.escape(q.question)}</b>")
    buttons = widgets.RadioButtons(options=list(q.options), value=None, description="",
                                   layout=widgets.Layout(width="auto"))
    verdict = widgets.HTML(value="", layout=widgets.Layout(min_height="1.6em"))

    def chosen(change):
        index = None if change["new"] is None else list(q.options).index(change["new"])
        _, message = q.verdict(index)
        verdict.value = f'<span role="status">{html.escape(message)}</span>'

    buttons.observe(chosen, names="value")
    box = widgets.VBox([title, buttons, verdict])
    box.question, box.buttons, box.verdict = q, buttons, verdict
    return box


def recap(can_do, questions):
    """The lesson's recap: a list of what you can now do, then one widget per question."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in can_do)
    head = widgets.HTML(f"<b>What you can now do</b><ul>{items}</ul><b>Check yourself</b>")
    return widgets.VBox([head] + [question_widget(q) for q in questions])
