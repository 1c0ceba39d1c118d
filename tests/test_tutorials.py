"""The tutorials' claims that an independent program can check.

06-optimizers-on-real-data.ipynb fits a regularized logistic regression to the breast
cancer data with this library's L-BFGS and prints the coefficients. Here scikit-learn's
LogisticRegression (its L-BFGS solver) solves the same problem on the same file, and every
number the notebook prints, committed and freshly run, must agree with it to the printed
precision. Needs Debian's python3-sklearn (scripts/test.sh installs it); run with
/usr/bin/python3 and the kernelspec in JUPYTER_PATH, like the other notebook tests.
"""
import os
import re
import unittest
import warnings

import nbformat

import test_notebooks

try:
    import numpy as np
    from sklearn.datasets import load_breast_cancer
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
except ImportError as e:  # a missing reference is a failure, not a skip: CI must compare
    raise ImportError("tests/test_tutorials.py needs scikit-learn: apt-get install python3-sklearn (%s)" % e)

ROOT = test_notebooks.ROOT
NOTEBOOK = os.path.join(ROOT, "notebooks", "06-optimizers-on-real-data.ipynb")
CSV = os.path.join(ROOT, "notebooks", "data", "breast_cancer.csv")
C = 1.0

HEADER = re.compile(r"^logistic regression on all (\d+) rows, standardized, C = (\S+):$")
COEF = re.compile(r"^  (\S.*?)\s+(-?\d+\.(\d+))$")
OBJECTIVE = re.compile(r"^objective J = (-?\d+\.(\d+))$")
ACCURACY = re.compile(r"^training accuracy (\d+\.(\d+)) \((\d+) of (\d+)\)$")


def load_csv():
    with open(CSV) as f:
        header = f.readline().strip().split(",")
    table = np.loadtxt(CSV, delimiter=",", skiprows=1)
    return header, table[:, :-1], table[:, -1]


def printed_answer(nb):
    """The block the notebook prints after fitting: {"rows", "C", "coef": {name: (value,
    decimals)}, "J": (value, decimals), "accuracy": (value, decimals, right, total)}."""
    text = "".join(o.text for c in nb.cells if c.cell_type == "code" for o in c.outputs
                   if o.output_type == "stream" and o.name == "stdout")
    lines = text.splitlines()
    starts = [i for i, l in enumerate(lines) if HEADER.match(l)]
    if len(starts) != 1:
        raise AssertionError("expected one line like 'logistic regression on all 569 rows, standardized, C = 1:' "
                             "in the notebook's output, found %d" % len(starts))
    m = HEADER.match(lines[starts[0]])
    got = {"rows": int(m.group(1)), "C": float(m.group(2)), "coef": {}}
    for line in lines[starts[0] + 1:]:
        m = COEF.match(line)
        if m:
            got["coef"][m.group(1)] = (float(m.group(2)), len(m.group(3)))
            continue
        m = OBJECTIVE.match(line)
        if m:
            got["J"] = (float(m.group(1)), len(m.group(2)))
            continue
        m = ACCURACY.match(line)
        if m:
            got["accuracy"] = (float(m.group(1)), len(m.group(2)), int(m.group(3)), int(m.group(4)))
        break
    return got


def reference():
    """scikit-learn's answer on the standardized data: L-BFGS refitted from its own result
    until it stops moving (one fit stops on a relative loss change, before the coefficients
    settle to the fourth decimal), and checked against the Newton-CG solver."""
    _, x, y = load_csv()
    x = StandardScaler().fit_transform(x)  # population standard deviation, as data.Standardize
    lbfgs = LogisticRegression(C=C, solver="lbfgs", tol=1e-12, max_iter=10000, warm_start=True)
    previous = None
    for _ in range(200):
        lbfgs.fit(x, y)
        theta = np.r_[lbfgs.intercept_, lbfgs.coef_[0]]
        if previous is not None and np.max(np.abs(theta - previous)) < 1e-10:
            break
        previous = theta
    else:
        raise AssertionError("scikit-learn's L-BFGS did not settle in 200 refits")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # it meets tol=1e-12 to rounding only
        newton = LogisticRegression(C=C, solver="newton-cg", tol=1e-12, max_iter=1000).fit(x, y)
    other = np.r_[newton.intercept_, newton.coef_[0]]
    return lbfgs, theta, other, x, y


class BreastCancerAgainstScikitLearn(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.model, cls.theta, cls.newton, cls.x, cls.y = reference()

    def test_data_file_is_scikit_learns(self):
        header, x, y = load_csv()
        bundled = load_breast_cancer()
        self.assertEqual(header, list(bundled.feature_names) + ["benign"])
        np.testing.assert_array_equal(x, bundled.data)
        np.testing.assert_array_equal(y, bundled.target)
        self.assertEqual(list(bundled.target_names), ["malignant", "benign"])  # 1 means benign

    def test_reference_is_the_optimum(self):
        # Two solvers of scikit-learn agree, so the reference is the minimizer, not an iterate.
        np.testing.assert_allclose(self.theta, self.newton, atol=1e-6)

    def check(self, nb, which):
        header, _, _ = load_csv()
        got = printed_answer(nb)
        n = len(self.y)
        self.assertEqual((got["rows"], got["C"]), (n, C), which)
        names = ["intercept"] + header[:-1]
        self.assertEqual(sorted(got["coef"]), sorted(names), which + ": printed coefficient names")
        for i, name in enumerate(names):
            value, decimals = got["coef"][name]
            self.assertLessEqual(abs(value - self.theta[i]), 0.5 * 10 ** -decimals + 1e-9,
                                 "%s: %s printed %s, scikit-learn %.8f" % (which, name, value, self.theta[i]))
        # J = mean log-loss + 1/(2Cn)·|w|², scikit-learn's objective divided by n.
        z = self.x @ self.theta[1:] + self.theta[0]
        mean_loss = np.mean(np.logaddexp(0, z) - self.y * z)
        j = mean_loss + self.theta[1:] @ self.theta[1:] / (2 * C * n)
        value, decimals = got["J"]
        self.assertLessEqual(abs(value - j), 0.5 * 10 ** -decimals + 1e-9, "%s: J printed %s, scikit-learn %.8f" % (which, value, j))
        acc, decimals, right, total = got["accuracy"]
        correct = int(np.sum(self.model.predict(self.x) == self.y))
        self.assertEqual((right, total), (correct, n), which + ": rows classified right")
        self.assertLessEqual(abs(acc - self.model.score(self.x, self.y)), 0.5 * 10 ** -decimals + 1e-12, which)

    def test_committed_notebook_matches(self):
        self.check(nbformat.read(NOTEBOOK, as_version=4), "committed outputs")

    def test_fresh_run_matches(self):
        self.check(test_notebooks.executed(NOTEBOOK), "fresh run")

    def test_a_wrong_answer_is_caught(self):
        # The comparison must fail when one printed digit is wrong.
        nb = nbformat.read(NOTEBOOK, as_version=4)
        for c in nb.cells:
            for o in c.get("outputs", []):
                if o.output_type == "stream" and "  mean radius " in o.text:
                    o.text = re.sub(r"(  mean radius\s+-?\d+\.\d{3})(\d)",
                                    lambda m: m.group(1) + str((int(m.group(2)) + 2) % 10), o.text)
        with self.assertRaises(AssertionError):
            self.check(nb, "tampered")


if __name__ == "__main__":
    unittest.main()
