"""Every exercise of every lesson, run as a learner would meet it: the starter is "not answered yet",
a typical wrong answer is rejected with specific feedback and the hint, the solution is accepted.

Each lesson runs top to bottom in IPython's test shell (autograd_lab's ``shell`` fixture); at each
exercise the test reads the ``Feedback`` its check returns, for the starter, for the solution with
its typical mistake made (named in the solution cell's metadata, see tests/lessons.py), then for
the solution. nbval checks the stored outputs of the same cells; this test checks that the checker
tells right from wrong.
"""

from __future__ import annotations

import pytest
from IPython.utils.capture import capture_output

from autograd_lab.check import Feedback

from .lessons import (
    EXERCISE,
    LESSONS,
    NOTEBOOKS_DIR,
    SOLUTION,
    code_cells,
    exercises,
    read,
    tags,
    your_turn_start,
)

PRESENT = [name for name in LESSONS if (NOTEBOOKS_DIR / f"{name}.ipynb").exists()]
# Display settings of a setup cell, left out here: they would switch matplotlib's backend for the
# whole test process (whose Agg backend draws figures without showing them).
DISPLAY_ONLY = ("%matplotlib", "%config InlineBackend")
RAISES = "raises-exception"


def run(shell, source: str, where: str):
    """Run a cell; fail with its error if it raised; return the value of its last expression."""
    with capture_output():
        result = shell.run_cell(source, store_history=False)
    if not result.success:
        raise AssertionError(f"{where} raised: {result.error_in_exec or result.error_before_exec!r}")
    return result.result


def feedback(shell, source: str, where: str) -> Feedback:
    verdict = run(shell, source, where)
    assert isinstance(verdict, Feedback), f"{where} must end with its t.check call"
    return verdict


@pytest.mark.parametrize("name", PRESENT)
def test_each_exercise_rejects_the_typical_mistake_and_accepts_the_solution(shell, name: str) -> None:
    notebook = read(name)
    setup = code_cells(notebook)[0][1].source
    run(shell, "\n".join(line for line in setup.splitlines() if not line.startswith(DISPLAY_ONLY)), "setup")
    by_cell = {exercise.solution_index: exercise for exercise in exercises(notebook)}
    for index, cell in code_cells(notebook)[1:]:
        where = f"{name} cell {index}"
        if EXERCISE in tags(cell):
            starter = feedback(shell, cell.source, where)
            assert starter.status == "unanswered", f"{where}: the starter should be unanswered\n{starter}"
        elif SOLUTION in tags(cell):
            exercise = by_cell[index]
            wrong = feedback(shell, exercise.mistake, f"{where} with the typical mistake")
            assert wrong.status == "wrong", f"{where}: the typical mistake was not rejected\n{wrong}"
            assert wrong.details and wrong.hint and f"Hint: {wrong.hint}" in wrong.text, wrong.text
            right = feedback(shell, exercise.solution, where)
            assert right.passed, f"{where}: the solution was not accepted\n{right}"
        elif RAISES in tags(cell):
            with capture_output():
                assert not shell.run_cell(cell.source, store_history=False).success, f"{where} did not raise"
        else:
            run(shell, cell.source, where)
    assert by_cell and min(by_cell) > your_turn_start(notebook)
