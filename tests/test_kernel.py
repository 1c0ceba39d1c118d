"""The real Jupyter client stack against the Descent kernel.

jupyter_kernel_test drives the kernel through jupyter_client exactly as Jupyter
front ends do and validates every message against the messaging spec. Run by
scripts/test.sh, which installs the kernelspec into a scratch JUPYTER_PATH.
"""
import signal
import time
import unittest

import jupyter_kernel_test
from jupyter_client.manager import start_new_kernel


class DescentKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "descent"
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'fmt.Println("hello, world")'
    code_stderr = 'import "os"\nfmt.Fprintln(os.Stderr, "to stderr")'

    completion_samples = [
        {"text": "fmt.Prin", "matches": {"Print", "Printf", "Println"}},
        {"text": "opt.NewAdam", "matches": {"NewAdam", "NewAdamW", "NewAdamWScheduleFree", "NewAdamax"}},
        {"text": "math.Sqrt", "matches": {"Sqrt", "Sqrt2", "SqrtE", "SqrtPhi", "SqrtPi"}},
        # After a call chain, a magic, an import path and an optimizer's hyper-parameters.
        {"text": "opt.NewAdam().H", "matches": {"Hyper"}},
        {"text": "opt.NewSGD(0.1).Hyper().Se", "matches": {"Set", "SetAll"}},
        {"text": "%do", "matches": {"%doc"}},
        {"text": 'import "github.com/descentlab/descent/optimizers/tr', "matches": {"github.com/descentlab/descent/optimizers/train"}},
        {"text": 'o, _ := opt.New("adam", map[string]any{"be', "matches": {"betas"}},
    ]
    complete_code_samples = ["x := 1", "fmt.Println(1)", "func f() int { return 1 }", "%who"]
    incomplete_code_samples = ["func f() {", "x := []int{1,", 'fmt.Println("a",']
    invalid_code_samples = ["x := )", "func func"]

    code_page_something = "%doc opt.NewAdam"

    code_generate_error = 'panic("deliberate")'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "h := 1.5\nh * 2", "result": "3"},
        {"code": 'import "strings"\nstrings.ToUpper("descent")', "result": '"DESCENT"'},
        {"code": 'display.HTML("<b>bold</b>")', "mime": "text/html"},
    ]
    code_display_data = [
        {"code": 'display.Show(display.HTML("<i>shown</i>"))', "mime": "text/html"},
        {"code": 'display.Show(display.Markdown("# Title"))', "mime": "text/markdown"},
    ]
    code_history_pattern = "6 * 7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "opt.NewAdam"
    code_clear_output = "display.Clear(false)"


class DescentBehaviour(unittest.TestCase):
    """What jupyter_kernel_test does not cover: state, interrupts, stdin, errors."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="descent")

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def wait_started(self, msg_id, timeout=10):
        """Read iopub until the cell msg_id has started (its execute_input is published
        after the kernel can interrupt it), so an interrupt sent next is not early."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
                return
        self.fail("cell never started")

    def execute(self, code, timeout=30, **kw):
        msg_id = self.kc.execute(code, **kw)
        reply = self.kc.get_shell_msg(timeout=timeout)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        outputs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            outputs.append(msg)
        return reply["content"], outputs

    def stdout(self, outputs):
        return "".join(m["content"]["text"] for m in outputs
                       if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")

    def test_state_persists_across_cells(self):
        self.execute("type point struct{ X, Y float64 }\nfunc norm1(p point) float64 { return math.Abs(p.X) + math.Abs(p.Y) }")
        self.execute("p := point{3, -4}")
        reply, outputs = self.execute("norm1(p)")
        self.assertEqual(reply["status"], "ok")
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "7")

    def test_doc_lists_a_package_like_go_doc(self):
        self.kc.execute("%doc model")
        reply = self.kc.get_shell_msg(timeout=30)
        pages = [p for p in reply["content"].get("payload", []) if p.get("source") == "page"]
        self.assertEqual(len(pages), 1, reply["content"])
        text = pages[0]["data"]["text/plain"]
        self.assertIn('package model // import "github.com/descentlab/descent/optimizers/model"', text)
        self.assertIn("func NewMLP(", text)
        self.assertIn("    func (m *Net) Params() []float64", text)

    def test_compile_error_points_into_the_cell(self):
        reply, _ = self.execute("x := 1\ny := undefinedName + x")
        self.assertEqual(reply["status"], "error")
        self.assertRegex(reply["evalue"], r"cell\[\d+\]:2:\d+")

    def test_interrupt_keeps_the_kernel_and_its_state(self):
        self.execute("kept := 41")
        msg_id = self.kc.execute("for {}")
        self.wait_started(msg_id)
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        reply, outputs = self.execute("kept + 1")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs
                          if m["msg_type"] == "execute_result"], ["42"])

    def test_sigint_interrupts_and_never_kills(self):
        # jupyter_client sends SIGINT on restart and shutdown, and users send it by hand.
        self.execute("before := 1")
        msg_id = self.kc.execute("for {}")
        self.wait_started(msg_id)
        self.km.signal_kernel(signal.SIGINT)
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.km.signal_kernel(signal.SIGINT)  # while idle: harmless
        time.sleep(0.2)
        self.assertTrue(self.km.is_alive())
        reply, outputs = self.execute("before + 1")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs
                          if m["msg_type"] == "execute_result"], ["2"])

    def test_stdin_round_trip(self):
        code = 'var name string\nfmt.Scanln(&name)\nfmt.Println("hi", name)'
        msg_id = self.kc.execute(code, allow_stdin=True)
        req = self.kc.get_stdin_msg(timeout=10)
        self.assertEqual(req["msg_type"], "input_request")
        self.kc.input("gopher")
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        out = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=10)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            out.append(msg)
        self.assertIn("hi gopher", self.stdout(out))

    def test_stdin_refused_without_allow_stdin(self):
        reply, _ = self.execute("var s string\n_, err := fmt.Scanln(&s)\nif err != nil { panic(err) }",
                                allow_stdin=False)
        self.assertEqual(reply["status"], "error")
        self.assertIn("stdin", (reply["ename"] + reply["evalue"]).lower())

    def test_user_expressions(self):
        reply, _ = self.execute("base := 10", user_expressions={"double": "base * 2", "bad": "nope +"})
        ue = reply["user_expressions"]
        self.assertEqual(ue["double"]["status"], "ok")
        self.assertEqual(ue["double"]["data"]["text/plain"], "20")
        self.assertEqual(ue["bad"]["status"], "error")

    def test_training_runs_from_a_cell(self):
        code = '''
import (
    "github.com/descentlab/descent/optimizers/data"
    "github.com/descentlab/descent/optimizers/model"
    "github.com/descentlab/descent/optimizers/train"
)
ds, _ := data.Moons(400, 0.1, 1)
net, _ := model.NewMLP(model.MLPConfig{Sizes: []int{2, 16, 2}, Activations: []string{"tanh"}, Seed: 1, Classes: 2})
_, err := train.FitNamed(kernel.Context(), net, "cross_entropy", ds, "adam", map[string]any{"lr": 0.05}, train.Options{Epochs: 30, BatchSize: 32, Seed: 1})
if err != nil { panic(err) }
acc, _ := model.Accuracy(net, ds.X, ds.Y)
fmt.Printf("%.2f\\n", acc)
'''
        reply, outputs = self.execute(code, timeout=120)
        self.assertEqual(reply["status"], "ok", reply)
        self.assertGreaterEqual(float(self.stdout(outputs).strip()), 0.85)


if __name__ == "__main__":
    unittest.main()
