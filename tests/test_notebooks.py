"""Every tutorial notebook, executed by Jupyter's own machinery against the kernel.

nbclient is what JupyterLab's "Run All", papermill and nbconvert --execute use;
jupyter nbconvert and jupyter console are run as the commands a teacher's CI
would type. Run by scripts/test.sh with the kernelspec in JUPYTER_PATH.
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


def outputs_of(nb, output_type):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if o.output_type == output_type]


class Notebooks(unittest.TestCase):
    def test_there_are_notebooks(self):
        self.assertTrue(NOTEBOOKS, "no notebooks in notebooks/")

    def test_nbclient_runs_every_notebook(self):
        for path in NOTEBOOKS:
            with self.subTest(notebook=os.path.basename(path)):
                nb = nbformat.read(path, as_version=4)
                NotebookClient(nb, kernel_name="descent", timeout=120,
                               resources={"metadata": {"path": os.path.dirname(path)}}).execute()
                code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
                self.assertTrue(all(c.execution_count for c in code), "a code cell did not run")
                errors = [o for c in code if "raises-exception" not in c.metadata.get("tags", [])
                          for o in c.outputs if o.output_type == "error"]
                self.assertEqual(errors, [])
                nbformat.validate(nb)
                shown = outputs_of(nb, "stream") + outputs_of(nb, "execute_result") + outputs_of(nb, "display_data")
                self.assertTrue(shown, "the notebook produced no output")

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
