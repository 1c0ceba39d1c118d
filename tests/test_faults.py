"""Cells that would kill a Go process, through the real Jupyter client.

Each case runs in a kernel that first sets a variable. For each fault the kernel must
answer within a few seconds with a clear error, answer the next cell, and stay the same
kernel for the front end: the process jupyter_client started and its session never
change. Faults that end the interpreter's worker process say so, and %rerun brings the
variable back. Run by scripts/test.sh with the kernelspec in JUPYTER_PATH.
"""
import json
import os
import subprocess
import tempfile
import time
import unittest

import zmq
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel

# A reply to a fatal cell must come within this (stack overflow: under a second on a
# quiet machine; the bound leaves room for a loaded one).
FEW_SECONDS = 10
MEMORY_LIMIT = "512MiB"

RESTARTED = "restarted its Go interpreter"


def overcommit_always():
    """Whether Linux grants any allocation (vm.overcommit_memory = 1)."""
    try:
        with open("/proc/sys/vm/overcommit_memory") as f:
            return f.read().strip() == "1"
    except OSError:
        return False


class FaultMatrix(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        env = dict(os.environ, DESCENT_MEMORY_LIMIT=MEMORY_LIMIT)
        cls.km, cls.kc = start_new_kernel(kernel_name="descent", env=env)
        cls.pid = cls.km.provisioner.process.pid
        cls.session = None
        # A synchronous control connection of our own, to wait for interrupt replies.
        cls.control = zmq.Context.instance().socket(zmq.DEALER)
        cls.control.connect("%s://%s:%d" % (cls.km.transport, cls.km.ip, cls.km.control_port))

    @classmethod
    def tearDownClass(cls):
        cls.control.close(linger=0)
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def setUp(self):
        reply, _ = self.execute("kept := 41")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])

    def tearDown(self):
        # The kernel jupyter_client started is the one still serving, with its session.
        self.assertTrue(self.km.is_alive())
        self.assertEqual(self.km.provisioner.process.pid, self.pid)

    def execute(self, code, timeout=60, allow_stdin=False, interrupts=()):
        """Runs code; interrupts are delays (seconds after the cell started, each after
        the previous one) at which to interrupt it. Returns the reply and the iopub
        messages of the cell, and checks the kernel's session never changes."""
        msg_id = self.kc.execute(code, allow_stdin=allow_stdin)
        if interrupts:
            self.wait_started(msg_id)
            for delay in interrupts:
                time.sleep(delay)
                self.interrupt()
        reply = self.kc.get_shell_msg(timeout=timeout)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        outputs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            self.assertNotIn(msg["content"].get("execution_state"), ("starting", "restarting"))
            outputs.append(msg)
        session = reply["header"]["session"]
        if type(self).session is None:
            type(self).session = session
        self.assertEqual(session, type(self).session, "the kernel's session changed: a new kernel answered")
        return reply, outputs

    def interrupt(self):
        """Interrupts as a front end does (interrupt_request on control) and waits for
        the reply, so that the interrupt cannot reach a cell sent after it."""
        session, sock = self.kc.session, self.control
        msg = session.msg("interrupt_request", {})
        session.send(sock, msg)
        while True:
            self.assertTrue(sock.poll(10000), "no interrupt_reply")
            _, frames = session.feed_identities(sock.recv_multipart())
            reply = session.deserialize(frames)
            if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                self.assertEqual(reply["content"]["status"], "ok")
                return

    def wait_started(self, msg_id, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
                return
        self.fail("cell never started")

    @staticmethod
    def text(outputs, name):
        return "".join(m["content"]["text"] for m in outputs
                       if m["msg_type"] == "stream" and m["content"]["name"] == name)

    @staticmethod
    def result(outputs):
        return [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]

    def fault(self, code, ename, says, restarted, **kw):
        """Runs a faulty cell and checks the error, the next cell, and the state."""
        start = time.time()
        reply, fault_outputs = self.execute(code, **kw)
        took = time.time() - start
        content = reply["content"]
        self.assertLess(took, FEW_SECONDS, "no reply within a few seconds")
        self.assertEqual(content["status"], "error", content)
        self.assertEqual(content["ename"], ename, content["evalue"])
        errors = [m for m in fault_outputs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1, "the error is shown in the cell")
        shown = content["evalue"] + "\n" + "\n".join(content["traceback"])
        for s in says:
            self.assertIn(s, shown)
        self.assertEqual(RESTARTED in shown, restarted, shown)

        reply, outputs = self.execute('fmt.Println("alive")')
        self.assertEqual(reply["content"]["status"], "ok", "the next cell was not answered")
        self.assertEqual(self.text(outputs, "stdout"), "alive\n")
        if restarted:
            self.assertIn("%rerun", content["evalue"])
            reply, _ = self.execute("kept")
            self.assertEqual(reply["content"]["status"], "error", "the variable survived a restart")
            reply, outputs = self.execute("%rerun")
            self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        reply, outputs = self.execute("kept + 1")
        self.assertEqual(self.result(outputs), ["42"], "the variable is not back")
        return content, fault_outputs, took

    def test_stack_overflow(self):
        content, _, took = self.fault("func rec(n int) int { return rec(n+1) + 1 }\nrec(0)", "StackOverflow",
                                      ["stack overflow: the cell recursed without end, or too deep", ":1:30, where func rec calls itself"],
                                      restarted=True)
        print("stack overflow answered in %.2fs" % took)

    def test_panic_in_named_goroutine(self):
        # A goroutine the cell started ends the cell, as it ends a Go program; the
        # interpreter and its state survive.
        self.fault('import "time"\nfunc bad() { panic("named goroutine gave up") }\ngo bad()\ntime.Sleep(time.Second)',
                   "panic", ["named goroutine gave up", "in bad"], restarted=False)

    def test_panic_in_anonymous_goroutine(self):
        self.fault('import "time"\nxs := []int{1}\ngo func() { fmt.Println(xs[3]) }()\ntime.Sleep(time.Second)',
                   "panic", ["runtime error: index out of range", "cell[", "in the goroutine started here"], restarted=False)

    def test_panic_in_callback_goroutine(self):
        # A go statement of a library call that calls a cell function back runs under the
        # guard every go statement gets: the cell ends with the panic, and the session
        # keeps its state.
        self.fault('import ("sort"; "time")\nfunc bad(i, j int) bool { panic("callback gave up") }\n'
                   'xs := []int{3, 1, 2}\ngo sort.Slice(xs, bad)\ntime.Sleep(time.Second)',
                   "panic", ["callback gave up", "in bad"], restarted=False)

    def test_panic_in_library_timer_callback(self):
        # One that time.AfterFunc runs is guarded as a go statement's is: the cell ends
        # with the panic, and the session keeps its state.
        self.fault('import "time"\nfunc bad() { panic("callback gave up") }\ntime.AfterFunc(10*time.Millisecond, bad)\n'
                   'time.Sleep(time.Second)',
                   "panic", ["callback gave up", "in bad"], restarted=False)

    def test_huge_allocation(self):
        code = "x := make([]float64, 1<<40)\nx[0] = 1"
        if overcommit_always():
            # The system grants the 8 TiB; the memory limit stops the cell instead.
            self.fault(code, "MemoryLimitExceeded", ["over the kernel's limit of 512 MiB"], restarted=True)
            return
        self.fault(code, "OutOfMemory", ["out of memory: the cell asked for 8 TiB at once", "memory limit is 512 MiB"],
                   restarted=True)

    def test_memory_limit_exceeded(self):
        self.fault("var keep [][]float64\nfor i := 0; i < 200; i++ {\n\tblock := make([]float64, 1<<20)\n"
                   "\tfor j := range block { block[j] = 1 }\n\tkeep = append(keep, block)\n}",
                   "MemoryLimitExceeded", ["memory limit exceeded", "over the kernel's limit of 512 MiB",
                                           "DESCENT_MEMORY_LIMIT"], restarted=True)

    def test_nil_map_write(self):
        self.fault('var m map[string]int\nm["a"] = 1', "panic", ["assignment to entry in nil map"], restarted=False)

    def test_nil_pointer_dereference(self):
        self.fault("var p *struct{ X int }\np.X = 1", "panic", ["nil pointer dereference"], restarted=False)

    def test_integer_division_by_zero(self):
        self.fault("a, b := 1, 0\na / b", "panic", ["integer divide by zero"], restarted=False)

    def test_os_exit(self):
        self.fault('import "os"\nos.Exit(3)', "Exit", ["exit status 3", "cannot end the kernel"], restarted=False)

    def test_log_fatal(self):
        # log.Fatal ends the cell as it ends a program, not the kernel; the log line is shown.
        _, outputs, _ = self.fault('import "log"\nlog.Fatal("cannot go on")', "Exit", ["exit status 1", "cannot end the kernel"], restarted=False)
        self.assertIn("cannot go on", self.text(outputs, "stderr"))

    def test_closed_stdout(self):
        self.fault('import "os"\nos.Stdout.Close()', "OutputClosed", ["closed os.Stdout"], restarted=True)

    def test_blocked_channel_receive_interrupted_twice(self):
        # The interpreter stops a receive at the first interrupt; the second finds the
        # kernel idle and changes nothing.
        self.fault("ch := make(chan int)\n<-ch", "Interrupted", ["interrupted"], restarted=False,
                   interrupts=(0.2, 0.5))

    def test_stuck_compiled_call_interrupted_twice(self):
        # time.Sleep is compiled code: the first interrupt cannot stop it, the second
        # replaces the interpreter.
        content, outputs, _ = self.fault('import "time"\ntime.Sleep(time.Hour)', "Interrupted",
                                         ["did not stop when interrupted"], restarted=True, interrupts=(0.2, 2.5))
        self.assertIn("Interrupt again to stop the Go interpreter", self.text(outputs, "stderr"))


class ProtocolLayer(unittest.TestCase):
    """Input prompts and replay refusal, through the real client."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="descent")

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    def test_printed_prompt_becomes_the_input_prompt(self):
        msg_id = self.kc.execute('fmt.Print("name? ")\nvar name string\nfmt.Scanln(&name)\nfmt.Println("hi", name)',
                                 allow_stdin=True)
        req = self.kc.get_stdin_msg(timeout=10)
        self.assertEqual(req["content"]["prompt"], "name? ")
        self.kc.input("gopher")
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["content"]["status"], "ok")
        text = ""
        while True:
            msg = self.kc.get_iopub_msg(timeout=10)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            if msg["msg_type"] == "stream":
                text += msg["content"]["text"]
        self.assertEqual(text, "hi gopher\n", "the prompt must not be shown twice")

    def test_replayed_request_is_refused(self):
        s = self.kc.session
        msg = s.msg("execute_request", {"code": "replayed := 1\nfmt.Println(\"ran\")", "silent": False,
                                        "store_history": True, "user_expressions": {}, "allow_stdin": False,
                                        "stop_on_error": True})
        frames = s.serialize(msg)
        sock = self.kc.shell_channel.socket
        sock.send_multipart(frames)
        first = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(first["parent_header"]["msg_id"], msg["header"]["msg_id"])
        sock.send_multipart(frames)  # the same signed bytes again
        # Replies come in order: the next one must answer the next request.
        next_id = self.kc.execute("1 + 1")
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["parent_header"]["msg_id"], next_id, "the replayed request was answered")
        self.assertEqual(reply["content"]["execution_count"], first["content"]["execution_count"] + 1)


class HeadlessRun(unittest.TestCase):
    """kernel run survives a fatal cell too, and says why the run failed."""

    def test_fatal_cell_fails_the_run_with_a_message(self):
        binary = KernelSpecManager().get_kernel_spec("descent").argv[0]
        cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": src}
                 for src in ["x := 1", "func rec(n int) int { return rec(n+1) + 1 }\nrec(0)", "x + 1"]]
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "nb.ipynb")
            out = os.path.join(d, "out.ipynb")
            with open(src, "w") as f:
                json.dump({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}, f)
            p = subprocess.run([binary, "run", src, "--out", out], capture_output=True, text=True, timeout=120)
            self.assertEqual(p.returncode, 1, p.stderr)
            self.assertIn("StackOverflow: stack overflow: the cell recursed without end, or too deep", p.stderr)
            with open(out) as f:
                nb = json.load(f)
            errors = [o for o in nb["cells"][1]["outputs"] if o["output_type"] == "error"]
            self.assertEqual(len(errors), 1)
            self.assertIn(RESTARTED, errors[0]["evalue"])


if __name__ == "__main__":
    unittest.main()
