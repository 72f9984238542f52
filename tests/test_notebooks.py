"""The notebooks in notebooks/ run from top to bottom (nbclient, python3 kernel)."""

from __future__ import annotations

import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NAMES = ["01_blitar_djembe_export", "02_industrial_drums", "03_from_other_tools"]


def test_the_notebooks_are_there_and_clean():
    import nbformat

    assert [p.stem for p in NOTEBOOKS] == NAMES
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert nb.metadata.kernelspec.name == "python3"
        kinds = {c.cell_type for c in nb.cells}
        assert kinds == {"markdown", "code"}, path.name
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, (
                    f"{path.name}: commit notebooks without outputs"
                )


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path, monkeypatch):
    import nbclient
    import nbformat

    monkeypatch.setenv("LOADPLAN_NOTEBOOK_OUT", str(tmp_path))
    # the kernel's own (inline) backend, as in Jupyter, so that figures become outputs
    monkeypatch.delenv("MPLBACKEND", raising=False)
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert errors == []
    pictures = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                if "image/png" in o.get("data", {})
                or "<img" in str(o.get("data", {}).get("text/html", ""))]
    assert len(pictures) >= 2, f"{path.name} should tell its story with pictures"
    assert any(tmp_path.iterdir()), "the notebook writes its files into LOADPLAN_NOTEBOOK_OUT"
