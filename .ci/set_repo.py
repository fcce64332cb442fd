#!/usr/bin/env python3
"""Point every Binder badge and link of the course at a GitHub repository: ``OWNER/NAME``.

A fork runs this once, from the repository root, and commits the result:

    python3 .ci/set_repo.py my-university/backprop-course    # rewrite every file
    python3 .ci/set_repo.py --check                            # list the slugs in use; exit 1 if they differ

The slug now in use is read from ``tests/test_notebook_structure.py`` (its
``REPO = "..."`` line, which the structure test checks every notebook badge
against), and replaced wherever it appears as a repository: the README's and
the notebooks' mybinder.org links, GitHub links (``github.com/OWNER/NAME``), the slug
written as code (between backquotes),
``CITATION.cff``, ``TEACHING.md`` and that ``REPO`` line. Nothing else in a
file changes. Standard library only.
"""

import argparse
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SLUG = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
REPO_LINE = re.compile(r'^REPO = "([^"]+)"$', re.MULTILINE)
STRUCTURE_TEST = "tests/test_notebook_structure.py"


def files(root):
    """Every file that names the repository."""
    names = ["README.md", "TEACHING.md", "CONTRIBUTING.md", "CITATION.cff", STRUCTURE_TEST]
    found = [root / n for n in names if (root / n).exists()]
    return found + sorted((root / "notebooks").glob("*.ipynb"))


def current_slug(root):
    path = root / STRUCTURE_TEST
    match = REPO_LINE.search(path.read_text(encoding="utf-8")) if path.exists() else None
    if not match:
        raise SystemExit(f"{path}: no line `REPO = \"OWNER/NAME\"` to read the current slug from")
    return match.group(1)


def patterns(slug):
    """Where ``slug`` stands for the repository: Binder and GitHub addresses, and the REPO line."""
    s = re.escape(slug)
    return [re.compile(rf"(mybinder\.org/v2/gh/){s}(?=/)"), re.compile(rf"(github\.com/){s}(?![A-Za-z0-9._-])"),
            re.compile(rf'^(REPO = "){s}(?=")', re.MULTILINE), re.compile(rf"(`){s}(?=`)")]


def slugs_in(text):
    """Every repository slug in ``text``'s Binder links and its links that install or pull the course.

    Links to other projects on GitHub (an upstream issue, say) are not the course's and are not counted.
    """
    found = re.findall(r"mybinder\.org/v2/gh/([A-Za-z0-9-]+/[A-Za-z0-9._-]+)/", text)
    found += re.findall(r"(?:git\+https://|repo=https://)github\.com/([A-Za-z0-9-]+/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)(?![A-Za-z0-9._-])", text)
    return set(found)


def set_repo(root, new):
    """Replace the current slug by ``new`` in every file; return the files changed."""
    if not SLUG.match(new):
        raise SystemExit(f"slug: got {new!r}; expected OWNER/NAME as on GitHub, "
                         "e.g. my-university/backprop-course")
    old = current_slug(root)
    changed = []
    for path in files(root):
        text = path.read_text(encoding="utf-8")
        updated = text
        for pattern in patterns(old):
            updated = pattern.sub(lambda m: m.group(1) + new, updated)
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            changed.append(path)
    return changed


def check(root):
    """``{slug: [files]}`` for every slug in use (the REPO line counts)."""
    use = {current_slug(root): [STRUCTURE_TEST]}
    for path in files(root):
        for slug in slugs_in(path.read_text(encoding="utf-8")):
            use.setdefault(slug, []).append(str(path.relative_to(root)))
    return use


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("slug", nargs="?", help="OWNER/NAME of the GitHub repository")
    parser.add_argument("--check", action="store_true", help="list the slugs in use; exit 1 if more than one")
    parser.add_argument("--root", type=pathlib.Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.check:
        use = check(args.root)
        for slug, where in sorted(use.items()):
            print(f"{slug}: {len(set(where))} file(s)")
        return 0 if len(use) == 1 else 1
    if not args.slug:
        parser.error("give OWNER/NAME, or --check")
    old = current_slug(args.root)
    changed = set_repo(args.root, args.slug)
    print(f"{old} -> {args.slug}: {len(changed)} file(s) changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
