"""The lesson notebooks as files: complete stored outputs, links, tags that explain themselves.

nbval (``pytest --nbval ... notebooks/``) re-runs the lessons and compares outputs; it silently
skips what it cannot compare (cells without ``execution_count``) and trusts the tags. These tests
check what nbval takes for granted, without running a kernel. Also here: the sanitize file shipped
in the package (``autograd_lab.nbval_sanitize``) and the output-stabilising helpers of
``scripts/execute_lessons.py``.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat
import pytest

from autograd_lab import nbval_sanitize

from .lessons import (
    COURSE_PAGE,
    EXERCISE,
    LESSONS,
    NOTEBOOKS_DIR,
    ROOT,
    SOLUTION,
    YOUR_TURN,
    code_cells,
    exercises,
    read,
    tags,
    your_turn_start,
)

RAISES = "raises-exception"
# Tags a lesson may use. Each must be explained in the nearest markdown cell above the tagged cell,
# which names the tag (and, for raises-exception, the exception it expects); the exercise tags
# once, in the "Your turn" section's introduction.
KNOWN_TAGS = {RAISES, "nbval-ignore-output", "nbval-skip", EXERCISE, SOLUTION}
EXPLAINED_ONCE = {EXERCISE, SOLUTION}
NBVAL_COMMENT_MARKER = re.compile(r"^\s*#\s*(NBVAL_\w+|PYTEST_VALIDATE_IGNORE_OUTPUT)\s*$", re.MULTILINE)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")

PRESENT = sorted(path.stem for path in NOTEBOOKS_DIR.glob("*.ipynb") if path.stem != COURSE_PAGE)


def errors(cell: Any) -> list[Any]:
    return [output for output in cell.get("outputs", []) if output.output_type == "error"]


def markdown_above(notebook: nbformat.NotebookNode, index: int) -> str:
    """The nearest markdown cell above cell ``index`` ("" if there is none)."""
    above = [cell for cell in notebook.cells[:index] if cell.cell_type == "markdown"]
    return above[-1].source if above else ""


lessons = pytest.mark.parametrize("name", PRESENT)


# ------------------------------------------------------------------------------------------------
# The set of lessons
# ------------------------------------------------------------------------------------------------


def test_notebooks_are_exactly_the_lessons_and_the_course_page() -> None:
    assert PRESENT == LESSONS
    assert (NOTEBOOKS_DIR / f"{COURSE_PAGE}.ipynb").is_file()


@lessons
def test_lesson_is_valid_nbformat_with_python_kernel(name: str) -> None:
    notebook = read(name)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"  # JupyterLab and nbval start this kernel


@pytest.mark.parametrize(("name", "following"), list(zip(LESSONS, LESSONS[1:])))
def test_lesson_links_the_next(name: str, following: str) -> None:
    links = {link for cell in read(name).cells if cell.cell_type == "markdown"
             for link in re.findall(r"\]\(([^)\s]+)\)", cell.source)}
    assert f"{following}.ipynb" in links, f"{name} does not link {following}.ipynb"


@lessons
def test_relative_links_point_at_existing_files(name: str) -> None:
    for cell in read(name).cells:
        if cell.cell_type != "markdown":
            continue
        for target in re.findall(r"\]\(([^)\s#]+)(?:#[^)]*)?\)", cell.source):
            if "://" not in target:
                assert (NOTEBOOKS_DIR / target).exists(), f"{name}: broken link {target}"


def test_readme_lists_every_lesson_and_binder_opens_the_course_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "\n## Lessons\n" in readme
    section = readme.split("\n## Lessons\n", 1)[1].split("\n## ", 1)[0]
    for name in [COURSE_PAGE, *LESSONS]:
        assert f"(notebooks/{name}.ipynb)" in section, f"README's Lessons section does not link {name}"
    badge = re.search(r"\(https://mybinder\.org/v2/gh/([^/]+)/([^/]+)/HEAD\?urlpath=([^)\s]+)\)", section)
    assert badge is not None, "no Binder badge link in the Lessons section"
    assert badge.group(3) == f"lab/tree/notebooks/{COURSE_PAGE}.ipynb"  # JupyterLab, the course page


# ------------------------------------------------------------------------------------------------
# A course: objectives, prerequisites, time and exercises; "next"; the course page
# ------------------------------------------------------------------------------------------------

HEADER = re.compile(r"\*\*You need:\*\* (?P<needs>.+?)\s+·\s+\*\*Time:\*\* about (?P<minutes>\d+) minutes"
                    r"\s+·\s+\*\*Exercises:\*\* (?P<exercises>\d)", re.DOTALL)


def header(name: str) -> re.Match:
    opening = "\n".join(cell.source for cell in read(name).cells[:3] if cell.cell_type == "markdown")
    match = HEADER.search(opening)
    assert match is not None, f"{name}: the opening has **You need:**, **Time:** and **Exercises:**"
    return match


@lessons
def test_lesson_opens_with_objectives_prerequisites_time_and_exercises(name: str) -> None:
    notebook = read(name)
    opening = "\n".join(cell.source for cell in notebook.cells[:3] if cell.cell_type == "markdown")
    objectives = opening.split("**In this lesson** you will", 1)
    assert len(objectives) == 2, f"{name}: no '**In this lesson** you will' objectives at the top"
    assert re.search(r"^(-|\d\.) ", objectives[1], re.MULTILINE), f"{name}: objectives as a list"
    found = header(name)
    assert int(found["exercises"]) == len(exercises(notebook)), f"{name}: the exercise count is stale"


@lessons
def test_lesson_has_two_to_four_exercises_with_hidden_solutions(name: str) -> None:
    notebook = read(name)
    found = exercises(notebook)
    assert 2 <= len(found) <= 4, f"{name}: {len(found)} exercises"
    start = your_turn_start(notebook)
    assert f"`{EXERCISE}`" in notebook.cells[start].source and f"`{SOLUTION}`" in notebook.cells[start].source
    prefix = name[:2].lstrip("0") + "."
    for number, exercise in enumerate(found, start=1):
        assert exercise.starter_index > start, f"{name}: exercise {number} is not under '{YOUR_TURN}'"
        assert exercise.number == f"{prefix}{number}", f"{name}: exercise {number} is {exercise.number!r}"
        assert "..." in exercise.starter, f"{name}: exercise {exercise.number} has no ... to replace"
        assert "..." not in exercise.solution, f"{name}: solution {exercise.number} still has a ..."
        for source in (exercise.starter, exercise.solution):
            last = [line for line in source.splitlines() if line and not line.startswith(" ")][-1]
            assert last.startswith("t.check."), f"{name}: exercise {exercise.number} must end in its check"
        solution = notebook.cells[exercise.solution_index]
        assert solution.metadata.get("jupyter", {}).get("source_hidden") is True, (
            f"{name}: solution {exercise.number} must be collapsed (metadata.jupyter.source_hidden)")
        heading = notebook.cells[exercise.starter_index - 1].source
        assert heading.startswith(f"### Exercise {exercise.number}: "), f"{name}: exercise {exercise.number}"


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_closes_with_next(name: str) -> None:
    last = read(name).cells[-1]
    closing = last.source.split("\n\n")[-1]
    assert last.cell_type == "markdown" and closing.startswith("**Next:**"), f"{name}: end with **Next:**"
    following = LESSONS[LESSONS.index(name) + 1] if name != LESSONS[-1] else COURSE_PAGE
    assert f"({following}.ipynb)" in closing, f"{name}: **Next:** should link {following}"


def course_rows() -> dict[str, list[str]]:
    """The course page's table: lesson -> its cells (link, objectives, needs, time, exercises)."""
    text = "\n".join(cell.source for cell in read(COURSE_PAGE).cells if cell.cell_type == "markdown")
    rows = {}
    for line in text.splitlines():
        link = re.match(r"\| \[[^]]+\]\((\d\d_\w+)\.ipynb\) \|", line)
        if link:
            rows[link.group(1)] = [cell.strip() for cell in line.strip("|").split("|")]
    return rows


def test_course_page_lists_every_lesson_with_its_time_and_exercises() -> None:
    rows = course_rows()
    assert list(rows) == LESSONS, "the course page's table lists the lessons in order"
    for name, cells in rows.items():
        found = header(name)
        assert cells[3] == f"{found['minutes']} min", f"course page: {name}'s time"
        assert cells[4] == found["exercises"], f"course page: {name}'s exercises"
    text = "\n".join(cell.source for cell in read(COURSE_PAGE).cells if cell.cell_type == "markdown")
    assert "## A path through the course" in text
    assert not [cell for cell in read(COURSE_PAGE).cells if cell.cell_type == "code"]


def test_readme_course_table_matches_the_course_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Lessons\n", 1)[1].split("\n## ", 1)[0]
    for name, cells in course_rows().items():
        row = next((line for line in section.splitlines() if f"(notebooks/{name}.ipynb)" in line), None)
        assert row is not None, f"README's course table has no row for {name}"
        assert f"| {cells[3]} | {cells[4]} |" in row, f"README: {name}'s time and exercises differ"


# ------------------------------------------------------------------------------------------------
# Stored outputs: complete, from one clean top-to-bottom run (scripts/execute_lessons.py)
# ------------------------------------------------------------------------------------------------


@lessons
def test_every_code_cell_was_executed_in_order(name: str) -> None:
    """nbval compares nothing for a cell without execution_count: every code cell must have one,
    numbered 1, 2, 3 ... as one clean run from the top gives."""
    counts = [cell.execution_count for _, cell in code_cells(read(name))]
    assert None not in counts, f"{name}: code cells without stored execution: run scripts/execute_lessons.py"
    assert counts == list(range(1, len(counts) + 1)), f"{name}: not one top-to-bottom run: {counts}"


@lessons
def test_lesson_has_stored_outputs(name: str) -> None:
    cells = code_cells(read(name))
    with_output = [index for index, cell in cells if cell.outputs]
    assert len(with_output) >= len(cells) // 2, f"{name}: most code cells have no stored output"
    assert all(cell.source.strip() for _, cell in cells), f"{name}: empty code cell"


@lessons
def test_raises_exception_cells_really_raise(name: str) -> None:
    notebook = read(name)
    tagged = [(index, cell) for index, cell in code_cells(notebook) if RAISES in tags(cell)]
    assert tagged, f"{name}: every lesson shows a PyTorch 2.x error in a cell tagged {RAISES}"
    for index, cell in tagged:
        assert errors(cell), f"{name}: cell {index} is tagged {RAISES} but its stored output has no error"


@lessons
def test_only_tagged_cells_raise(name: str) -> None:
    for index, cell in code_cells(read(name)):
        if RAISES not in tags(cell):
            assert not errors(cell), f"{name}: cell {index} raised {errors(cell)[0].ename} without a tag"


@lessons
def test_outputs_were_stabilised_by_execute_lessons(name: str) -> None:
    """No widget views (random model ids), no widget state, no paths of the machine that ran it."""
    notebook = read(name)
    assert "widgets" not in notebook.metadata
    text = nbformat.writes(notebook)
    assert WIDGET_VIEW not in text
    assert str(ROOT) not in text, f"{name}: stored outputs contain this checkout's path"
    assert not re.search(r"ipykernel_\d+", text), f"{name}: a kernel's temp file name is stored"


# ------------------------------------------------------------------------------------------------
# Tags and nbval pitfalls
# ------------------------------------------------------------------------------------------------


@lessons
def test_tags_are_known_and_explained_above(name: str) -> None:
    notebook = read(name)
    for index, cell in enumerate(notebook.cells):
        for tag in tags(cell):
            assert tag in KNOWN_TAGS, f"{name}: cell {index} has unknown tag {tag!r}"
            if tag in EXPLAINED_ONCE:
                above = "\n".join(c.source for c in notebook.cells[:index] if c.cell_type == "markdown")
                assert f"`{tag}`" in above, f"{name}: no markdown above cell {index} explains the {tag} tag"
                continue
            note = markdown_above(notebook, index)
            assert f"`{tag}`" in note, (
                f"{name}: cell {index} is tagged {tag}; the markdown above it must say so and why")
            if tag == RAISES:
                for error in errors(cell):
                    assert error.ename in note, (
                        f"{name}: the note above cell {index} should name the {error.ename} it raises")


@lessons
def test_no_nbval_comment_markers(name: str) -> None:
    """Use cell tags (which the tag test can see), not ``# NBVAL_...`` comments."""
    for index, cell in code_cells(read(name)):
        assert not NBVAL_COMMENT_MARKER.search(cell.source), f"{name}: cell {index} uses a comment marker"


@lessons
def test_no_cell_ends_with_a_semicolon(name: str) -> None:
    """nbval runs cells with store_history=False, where IPython ignores a trailing ``;`` and shows
    the value anyway: the stored and the fresh output would differ."""
    for index, cell in code_cells(read(name)):
        lines = [line.split("#")[0].rstrip() for line in cell.source.splitlines()]
        last = next((line for line in reversed(lines) if line), "")
        assert not last.endswith(";"), f"{name}: cell {index} ends with ';'"


@lessons
def test_first_code_cell_seeds_the_random_numbers(name: str) -> None:
    first = code_cells(read(name))[0][1]
    assert "manual_seed(" in first.source, f"{name}: the setup cell should call t.manual_seed"


@lessons
def test_lesson_says_where_pytorch_2_differs(name: str) -> None:
    markdown = "\n".join(cell.source for cell in read(name).cells if cell.cell_type == "markdown")
    assert "PyTorch 2.x" in markdown


# ------------------------------------------------------------------------------------------------
# The sanitize file shipped in the package
# ------------------------------------------------------------------------------------------------


def test_sanitize_cfg_is_package_data() -> None:
    shipped = importlib.resources.files("autograd_lab").joinpath("nbval_sanitize.cfg")
    assert shipped.is_file()
    assert Path(str(shipped)).resolve() == nbval_sanitize.cfg_path().resolve()


def test_module_prints_the_cfg_path() -> None:
    out = subprocess.run([sys.executable, "-m", "autograd_lab.nbval_sanitize"], capture_output=True,
                         text=True, check=True).stdout.strip()
    assert Path(out) == nbval_sanitize.CFG_PATH and Path(out).is_file()


def test_patterns_are_read_as_nbval_reads_them() -> None:
    from nbval.plugin import get_sanitize_patterns

    ours = [(pattern.regex, pattern.replace) for pattern in nbval_sanitize.patterns()]
    assert ours == get_sanitize_patterns(nbval_sanitize.CFG_PATH.read_text())
    assert {pattern.section for pattern in nbval_sanitize.patterns()} >= {"memory_addresses"}


@pytest.mark.parametrize(("raw", "expected"), [
    ("<AddBackward0 object at 0x7f3a2c1b9e50>", "<AddBackward0 object at 0xADDRESS>"),
    ("((<MulBackward0 object at 0x0002>, 0),)", "((<MulBackward0 object at 0xADDRESS>, 0),)"),
    ("<Figure size 800x350 with 1 Axes>", "<Figure size 800x350 with 1 Axes>"),
    ("/tmp/ipykernel_4123/2104589721.py:7: UserWarning: x", "<ipython-cell>:7: UserWarning: x"),
    ('File "/var/folders/T/ipykernel_9/11.py", line 2', 'File "<ipython-cell>", line 2'),
    ("tensor([1., 2.], requires_grad=True)", "tensor([1., 2.], requires_grad=True)"),
])
def test_sanitize_replaces_what_changes_between_runs(raw: str, expected: str) -> None:
    assert nbval_sanitize.sanitize(raw) == expected


# ------------------------------------------------------------------------------------------------
# scripts/execute_lessons.py: the rewrites that make two runs identical
# ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def execute_lessons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("execute_lessons", ROOT / "scripts" / "execute_lessons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_addresses_are_renumbered_keeping_identity(execute_lessons: ModuleType) -> None:
    renumber = execute_lessons.address_renumbering()
    first = renumber("(<A object at 0x7f10>, <B object at 0x7f20>)")
    second = renumber("<A object at 0x7f10> <C object at 0x7f99> size 640x480")
    assert first == "(<A object at 0x0001>, <B object at 0x0002>)"
    assert second == "<A object at 0x0001> <C object at 0x0003> size 640x480"


def test_library_frames_are_folded(execute_lessons: ModuleType) -> None:
    """Stored tracebacks fold the library's frames, with the note that live tracebacks use."""
    import autograd_lab

    library = Path(autograd_lab.__file__).parent
    traceback = [
        "\x1b[31m-----\x1b[39m",
        "\x1b[31mRuntimeError\x1b[39m    Traceback (most recent call last)",
        "\x1b[36mCell\x1b[39m In[3], line 4\n----> 4 y.backward(g)\n",
        f"\x1b[36mFile \x1b[39m{library}/tensor.py:296, in Tensor.backward()\n",
        f"\x1b[36mFile \x1b[39m{library}/autograd/engine.py:311, in backward()\n",
        "\x1b[31mRuntimeError\x1b[39m: Mismatch in shape",
    ]
    error = nbformat.v4.new_output("error", ename="RuntimeError", evalue="Mismatch in shape",
                                   traceback=traceback)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("y.backward(g)", outputs=[error])])
    execute_lessons.fold_library_frames(notebook)
    folded = notebook.cells[0].outputs[0].traceback
    plain = [ANSI_ESCAPE.sub("", entry) for entry in folded]
    assert plain[:3] == [ANSI_ESCAPE.sub("", entry) for entry in traceback[:3]]
    assert plain[3] == "[... 2 frame(s) in library files hidden; %xmode Verbose shows them ...]"
    assert plain[4:] == ["RuntimeError: Mismatch in shape"]
    assert not any(str(library) in entry for entry in folded)


def test_widget_views_dropped_fallbacks_kept(execute_lessons: ModuleType) -> None:
    widget_output = nbformat.v4.new_output("display_data", data={
        WIDGET_VIEW: {"model_id": "8f1e", "version_major": 2, "version_minor": 0},
        "text/plain": "f(x0) = 1", "image/png": "iVBOR"})
    bare_widget = nbformat.v4.new_output("display_data", data={WIDGET_VIEW: {"model_id": "99"}})
    cell = nbformat.v4.new_code_cell("w", outputs=[widget_output, bare_widget])
    notebook = nbformat.v4.new_notebook(cells=[cell], metadata={"widgets": {"state": {}}})
    execute_lessons.drop_widget_views(notebook)
    kept = [dict(output.data) for output in cell.outputs]
    assert kept == [{"text/plain": "f(x0) = 1", "image/png": "iVBOR"}]
    assert "widgets" not in notebook.metadata


def test_adjacent_stream_pieces_are_joined(execute_lessons: ModuleType) -> None:
    pieces = [nbformat.v4.new_output("stream", name="stdout", text="step 0\n"),
              nbformat.v4.new_output("stream", name="stdout", text="step 50\n"),
              nbformat.v4.new_output("stream", name="stderr", text="warning\n"),
              nbformat.v4.new_output("stream", name="stdout", text="done\n")]
    cell = nbformat.v4.new_code_cell("train()", outputs=pieces)
    execute_lessons.merge_adjacent_streams(nbformat.v4.new_notebook(cells=[cell]))
    assert [(output.name, output.text) for output in cell.outputs] == [
        ("stdout", "step 0\nstep 50\n"), ("stderr", "warning\n"), ("stdout", "done\n")]


def test_progress_bar_lines_are_stored_as_they_finally_read(execute_lessons: ModuleType) -> None:
    pieces = [nbformat.v4.new_output("stream", name="stdout", text="\r[#.] step 1/2"),
              nbformat.v4.new_output("stream", name="stdout", text="\r[##] step 2/2\ndone\n")]
    cell = nbformat.v4.new_code_cell("train()", outputs=pieces)
    execute_lessons.merge_adjacent_streams(nbformat.v4.new_notebook(cells=[cell]))
    assert [output.text for output in cell.outputs] == ["[##] step 2/2\ndone\n"]


def test_check_ignores_only_the_outputs_of_nbval_ignore_output_cells(execute_lessons: ModuleType) -> None:
    """``execute_lessons.py --check`` compares as nbval does: a timing's new value is not staleness,
    any other changed output is."""
    def lesson(timing: str, result: str) -> str:
        printed = nbformat.v4.new_output("stream", name="stdout", text=timing)
        timed = nbformat.v4.new_code_cell("print(seconds)", id="timed", outputs=[printed],
                                          metadata={"tags": ["nbval-ignore-output"]})
        plain = nbformat.v4.new_code_cell("1 + 1", id="plain", outputs=[nbformat.v4.new_output(
            "execute_result", data={"text/plain": result}, execution_count=2)])
        return nbformat.writes(nbformat.v4.new_notebook(cells=[timed, plain]))

    comparable = execute_lessons.comparable
    assert comparable(lesson("0.31 ms\n", "2")) == comparable(lesson("0.29 ms\n", "2"))
    assert comparable(lesson("0.31 ms\n", "2")) != comparable(lesson("0.31 ms\n", "3"))
