"""Every tutorial notebook, executed by Jupyter's own machinery against the kernel.

nbclient is what JupyterLab's "Run All", papermill and nbconvert --execute use;
jupyter nbconvert and jupyter console are run as the commands a teacher's CI
would type. Run by scripts/test.sh with the kernelspec in JUPYTER_PATH.

The notebooks are committed with their outputs, so that a reader on a code host
sees the plots; a fresh run must give outputs of the same shape (see
test_committed_outputs_match_a_fresh_run).
"""
import glob
import os
import subprocess
import tempfile
import unittest

import nbformat
from nbclient import NotebookClient

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))

# What a reader is told to do when a committed notebook is stale.
REFRESH = "go run ./cmd/kernel run notebooks/{name} --inplace"

_executed = {}


def executed(path):
    """The notebook at path, run top to bottom by nbclient in its own folder (as Jupyter
    starts a kernel), once per test process: test_tutorials reads the same run."""
    if path not in _executed:
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, kernel_name="descent", timeout=120,
                       resources={"metadata": {"path": os.path.dirname(path)}}).execute()
        _executed[path] = nb
    return _executed[path]


def outputs_of(nb, output_type):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if o.output_type == output_type]


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def shape(cell):
    """The shape of a cell's outputs: one entry per output, naming its kind (the stream's
    name, or the output type with its MIME types). Consecutive writes to the same stream are
    one output, as every front end shows them: how many messages the text arrived in is a
    detail of buffering, not of the notebook."""
    out = []
    for o in cell.outputs:
        if o.get("metadata", {}).get("descent", {}).get("progress"):
            continue  # a progress bar: whether a short run shows one depends on the machine
        if o.output_type == "stream":
            entry = ("stream", o.name)
            if out and out[-1] == entry:
                continue
        elif o.output_type == "error":
            entry = ("error", o.ename)
        else:
            entry = (o.output_type, tuple(sorted(o.get("data", {}))))
        out.append(entry)
    return out


class Notebooks(unittest.TestCase):
    def test_there_are_notebooks(self):
        self.assertTrue(NOTEBOOKS, "no notebooks in notebooks/")

    def test_nbclient_runs_every_notebook(self):
        for path in NOTEBOOKS:
            with self.subTest(notebook=os.path.basename(path)):
                nb = executed(path)
                code = code_cells(nb)
                self.assertTrue(all(c.execution_count for c in code), "a code cell did not run")
                errors = [o for c in code if "raises-exception" not in c.metadata.get("tags", [])
                          for o in c.outputs if o.output_type == "error"]
                self.assertEqual(errors, [])
                nbformat.validate(nb)
                shown = outputs_of(nb, "stream") + outputs_of(nb, "execute_result") + outputs_of(nb, "display_data")
                self.assertTrue(shown, "the notebook produced no output")

    def test_committed_outputs_match_a_fresh_run(self):
        for path in NOTEBOOKS:
            name = os.path.basename(path)
            with self.subTest(notebook=name):
                committed = nbformat.read(path, as_version=4)
                fresh = executed(path)
                hint = "; refresh it with: " + REFRESH.format(name=name)
                old, new = code_cells(committed), code_cells(fresh)
                self.assertEqual(len(old), len(new))
                never = [i + 1 for i, c in enumerate(old) if not c.execution_count]
                self.assertEqual(never, [], "code cells committed without being run (outputs missing)" + hint)
                for i, (o, n) in enumerate(zip(old, new)):
                    self.assertEqual(shape(o), shape(n),
                                     "code cell %d (%r...): committed outputs differ in shape from a fresh run%s"
                                     % (i + 1, o.source.strip().splitlines()[0][:60], hint))

    def test_shape_ignores_stream_chunks_only(self):
        # The comparison must see a missing plot or an extra error, but not how stdout
        # was chunked into messages.
        def cell(*outputs):
            return nbformat.v4.new_code_cell("x", outputs=list(outputs))
        text = lambda s: nbformat.v4.new_output("stream", name="stdout", text=s)
        figure = nbformat.v4.new_output("display_data", data={"image/svg+xml": "<svg/>", "text/plain": "fig"})
        as_text = nbformat.v4.new_output("display_data", data={"text/plain": "fig"})
        self.assertEqual(shape(cell(text("a"), text("b"))), shape(cell(text("ab"))))
        self.assertNotEqual(shape(cell(text("a"), figure)), shape(cell(text("a"))))
        self.assertNotEqual(shape(cell(figure)), shape(cell(as_text)))
        self.assertNotEqual(shape(cell(text("a"), figure, text("b"))), shape(cell(text("ab"), figure)))

    def test_nbconvert_execute(self):
        if not NOTEBOOKS:
            self.fail("no notebooks in notebooks/")
        path = NOTEBOOKS[0]
        with tempfile.TemporaryDirectory() as out:
            subprocess.run(["jupyter-nbconvert", "--to", "notebook", "--execute",
                            "--ExecutePreprocessor.kernel_name=descent",
                            "--ExecutePreprocessor.timeout=120",
                            "--output-dir", out, path], check=True, capture_output=True, timeout=300)
            nb = nbformat.read(os.path.join(out, os.path.basename(path)), as_version=4)
            self.assertTrue(outputs_of(nb, "stream") or outputs_of(nb, "execute_result"))

    def test_jupyter_console(self):
        try:
            proc = subprocess.run(
                ["jupyter-console", "--kernel=descent", "--simple-prompt", "-y",
                 "--ZMQTerminalInteractiveShell.confirm_exit=False"],
                input='answer := 6 * 7\nfmt.Println("answer is", answer)\nexit\n',
                capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired as e:
            self.fail("jupyter-console did not finish:\nstdout: %s\nstderr: %s" % (e.stdout, e.stderr))
        self.assertIn("answer is 42", proc.stdout, proc.stdout + proc.stderr)


if __name__ == "__main__":
    unittest.main()
