"""What the tests know about the course in ``notebooks/``: the lessons in order, the course page,
and how a lesson's exercises are laid out (shared by the notebook, exercise and torch tests).

A lesson ends with a "## Your turn" section: for each exercise a cell tagged ``exercise`` (with
``...`` placeholders, ending in a ``t.check`` call) and, right under it, a cell tagged ``solution``
(its code collapsed: ``metadata.jupyter.source_hidden``) whose metadata names a typical mistake, a
text to replace in the solution (``metadata.exercise.typical_mistake``: ``replace``, ``with``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = ROOT / "notebooks"
COURSE_PAGE = "00_course"
# The lessons, in the course's order.
LESSONS = [
    "01_autograd_basics",
    "02_the_graph",
    "03_backward_in_detail",
    "04_function_and_gradient",
    "05_linear_regression",
    "06_write_your_own_op",
    "07_higher_order",
    "08_descent",
    "09_backprop_by_hand",
    "10_classifier",
    "11_graduating_to_pytorch",
    "12_jacobians_and_hessians",
    "13_forward_and_reverse_mode",
    "14_from_tape_to_compiler",
]
EXERCISE, SOLUTION = "exercise", "solution"
YOUR_TURN = "## Your turn"


def read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)


def tags(cell: Any) -> list[str]:
    return list(cell.metadata.get("tags", []))


def code_cells(notebook: nbformat.NotebookNode) -> list[tuple[int, Any]]:
    return [(index, cell) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]


@dataclass
class Exercise:
    """One exercise of a lesson: its cells' indices and sources, and the typical mistake."""

    number: str               # "9.2", from the ``t.check`` call's first argument
    starter_index: int
    starter: str
    solution_index: int
    solution: str
    mistake: str              # the solution with the typical mistake made


def your_turn_start(notebook: nbformat.NotebookNode) -> int:
    """Index of the markdown cell that opens the "Your turn" section."""
    found = [index for index, cell in enumerate(notebook.cells)
             if cell.cell_type == "markdown" and cell.source.startswith(YOUR_TURN)]
    if len(found) != 1:
        raise AssertionError(f"expected one '{YOUR_TURN}' section, found {len(found)}")
    return found[0]


def exercises(notebook: nbformat.NotebookNode) -> list[Exercise]:
    """The lesson's exercises, each an ``exercise`` cell followed by its ``solution`` cell."""
    found = []
    for index, cell in code_cells(notebook):
        if EXERCISE not in tags(cell):
            continue
        solution = notebook.cells[index + 1]
        if solution.cell_type != "code" or SOLUTION not in tags(solution):
            raise AssertionError(f"cell {index}: an exercise must be followed by its solution cell")
        mistake = solution.metadata.get("exercise", {}).get("typical_mistake", {})
        old, new = mistake.get("replace", ""), mistake.get("with", "")
        if not old or solution.source.count(old) != 1 or old == new:
            raise AssertionError(f"cell {index + 1}: typical_mistake must name a text found once in it")
        number = cell.source.split('t.check.', 1)[1].split('"', 2)[1] if "t.check." in cell.source else ""
        found.append(Exercise(number, index, cell.source, index + 1, solution.source,
                              solution.source.replace(old, new)))
    return found
