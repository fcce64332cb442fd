"""The README's bplib snippet runs and prints the numbers its comments show."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent

def test_readme_snippet_prints_what_its_comments_say():
    text = (ROOT / "README.md").read_text()
    code = re.search(r"```python\n(.+?)\n```", text, re.S).group(1)
    namespace, checked = {}, 0
    for line in code.splitlines():
        source, _, comment = line.partition("  # ")
        try:
            compiled = compile(source, "README", "eval")
        except SyntaxError:
            exec(source, namespace)
            continue
        value = eval(compiled, namespace)
        claim = comment.strip().split("  — ")[0].strip()
        if claim.startswith(("array(", "History(")) or re.fullmatch(r"-?[\d.]+", claim):
            shown = repr(value)
            assert " ".join(shown.split()) == " ".join(claim.split()), f"{source.strip()} gives {shown}, README says {claim}"
            checked += 1
        elif claim.startswith("..."):
            assert claim.endswith("(agree)") and "(agree)" in str(value)
            checked += 1
    assert checked >= 5
