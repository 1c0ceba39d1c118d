"""Widgets through the real Jupyter client, which plays the widget front end.

jupyter_client sends and receives comm messages exactly as a widget manager in a browser
would (the browser itself is tests/browser/run_test.py). The models the kernel opens are
checked against the ipywidgets 8 JSON schema from the @jupyter-widgets/schema npm
package, installed by `npm ci` in tests/browser (done here if missing). Run by
scripts/test.sh with the kernelspec in JUPYTER_PATH.
"""
import json
import os
import re
import subprocess
import time
import unittest

from jupyter_client.manager import start_new_kernel

HERE = os.path.dirname(os.path.abspath(__file__))
BROWSER = os.path.join(HERE, "browser")
SCHEMA = os.path.join(BROWSER, "node_modules", "@jupyter-widgets", "schema", "jupyterwidgetmodels.latest.json")
TIMEOUT = 30

IMPORT = 'import "github.com/descentlab/descent/interp/widgets"\n'


def load_schema():
    """The ipywidgets 8 models by (module, name, version)."""
    if not os.path.exists(SCHEMA):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=BROWSER, check=True,
                       stdout=subprocess.DEVNULL)
    with open(SCHEMA) as f:
        models = json.load(f)
    return {(m["model"]["module"], m["model"]["name"], m["model"]["version"]): m for m in models}


# The attributes each constructor sets from its arguments (or, for boxes and output
# areas, from what they hold); every other attribute must have the schema's default.
SET_BY_CONSTRUCTOR = {
    "IntSliderModel": {"description", "value", "min", "max", "step"},
    "FloatSliderModel": {"description", "value", "min", "max", "step"},
    "FloatLogSliderModel": {"description", "value", "min", "max"},
    "DropdownModel": {"description", "_options_labels", "index"},
    "CheckboxModel": {"description", "value"},
    "ButtonModel": {"description"},
    "TextModel": {"description", "value"},
    "HBoxModel": {"children"},
    "VBoxModel": {"children", "_dom_classes"},
    "OutputModel": {"outputs"},
}
# The widget model a reference attribute points to, by the schema's "widget" name.
REFERENCED = {"Layout": "LayoutModel", "SliderStyle": "SliderStyleModel", "ButtonStyle": "ButtonStyleModel",
              "CheckboxStyle": "CheckboxStyleModel", "TextStyle": "TextStyleModel",
              "DescriptionStyle": "DescriptionStyleModel"}


class WidgetFrontEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.schema = load_schema()
        cls.km, cls.kc = start_new_kernel(kernel_name="descent")
        cls.backlog = []

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()

    # --- a minimal widget front end -------------------------------------------------

    def until_idle(self, msg_id, timeout=TIMEOUT):
        """The iopub messages whose parent is msg_id, up to its idle status (excluded)."""
        got, rest = [], []
        done = False
        for m in type(self).backlog:
            if not done and m["parent_header"].get("msg_id") == msg_id:
                if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                    done = True
                elif m["msg_type"] != "status":
                    got.append(m)
            else:
                rest.append(m)
        type(self).backlog = rest
        deadline = time.time() + timeout
        while not done:
            m = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
            if m["parent_header"].get("msg_id") != msg_id:
                type(self).backlog.append(m)
                continue
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
            if m["msg_type"] != "status":
                got.append(m)
        return got

    def run_cell(self, code):
        """Runs a cell, failing the test on an error; returns its iopub messages."""
        msg_id = self.kc.execute(code)
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        msgs = self.until_idle(msg_id)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        return msgs

    def value(self, code):
        """The text/plain value of a cell's last expression."""
        results = [m["content"]["data"]["text/plain"] for m in self.run_cell(code) if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1)
        return results[0]

    def send(self, msg_type, content):
        msg = self.kc.session.msg(msg_type, content)
        self.kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def update(self, comm_id, **state):
        return self.send("comm_msg", {"comm_id": comm_id, "data": {"method": "update", "state": state, "buffer_paths": []}})

    def comm_info(self, target=None):
        content = {} if target is None else {"target_name": target}
        msg_id = self.send("comm_info_request", content)
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.until_idle(msg_id)
        return reply["content"]["comms"]

    @staticmethod
    def opened(msgs):
        """comm_open messages by model name (the last of each name wins), and all of them."""
        opens = [m for m in msgs if m["msg_type"] == "comm_open"]
        return {m["content"]["data"]["state"]["_model_name"]: m for m in opens}, opens

    @staticmethod
    def outputs_of(msgs, comm_id):
        """The last outputs state sent for an Output widget, as text."""
        outs = None
        for m in msgs:
            c = m["content"]
            if c.get("comm_id") != comm_id:
                continue
            state = c["data"].get("state", {})
            if "outputs" in state:
                outs = state["outputs"]
        if outs is None:
            return None
        parts = []
        for o in outs:
            if o["output_type"] == "stream":
                parts.append(o["text"])
            elif o["output_type"] == "error":
                parts.append("ERROR %s: %s\n" % (o["ename"], o["evalue"]))
            else:
                parts.append("DISPLAY %s\n" % o["data"].get("text/plain"))
        return "".join(parts)

    # --- the tests ------------------------------------------------------------------

    def test_models_match_the_ipywidgets8_schema(self):
        msgs = self.run_cell(IMPORT + """
i := widgets.NewIntSlider("steps", 30, 0, 100, 5)
f := widgets.NewFloatSlider("momentum", 0.9, 0, 0.99, 0.01)
lr := widgets.NewFloatLogSlider("lr", 1e-3, 1e-5, 1)
d := widgets.NewDropdown("optimizer", []string{"sgd", "adam"}, "adam")
c := widgets.NewCheckbox("nesterov", true)
b := widgets.NewButton("run")
t := widgets.NewText("label", "mine")
o := widgets.NewOutput()
h := widgets.NewHBox(i, f)
widgets.NewVBox(h, lr, d, c, b, t, o)""")
        by_name, opens = self.opened(msgs)
        self.assertEqual(set(by_name), set(SET_BY_CONSTRUCTOR) | {"LayoutModel", "SliderStyleModel", "DescriptionStyleModel",
                                                                   "CheckboxStyleModel", "ButtonStyleModel", "TextStyleModel"})
        seen = {}  # comm id -> model name, of the models opened so far
        for m in opens:
            c, state = m["content"], m["content"]["data"]["state"]
            name = state["_model_name"]
            with self.subTest(model=name):
                self.assertEqual(c["target_name"], "jupyter.widget")
                self.assertEqual(m["metadata"], {"version": "2.1.0"})
                self.assertEqual(c["data"]["buffer_paths"], [])
                key = (state["_model_module"], name, state["_model_module_version"])
                self.assertIn(key, self.schema, "not an ipywidgets 8 model")
                spec = self.schema[key]
                self.assertEqual((state["_view_module"], state["_view_name"], state["_view_module_version"]),
                                 (spec["view"]["module"], spec["view"]["name"], spec["view"]["version"]))
                attrs = {a["name"]: a for a in spec["attributes"]}
                self.assertEqual(set(state), set(attrs), "the full state, no more, no less")
                for a, v in state.items():
                    self.check_attribute(name, attrs[a], v, seen)
            seen[c["comm_id"]] = name
        # Values set by the constructors.
        st = {n: m["content"]["data"]["state"] for n, m in by_name.items()}
        self.assertEqual((st["IntSliderModel"]["value"], st["IntSliderModel"]["step"]), (30, 5))
        self.assertEqual((st["FloatLogSliderModel"]["min"], st["FloatLogSliderModel"]["max"],
                          st["FloatLogSliderModel"]["value"]), (-5, 0, 0.001))
        self.assertEqual((st["DropdownModel"]["_options_labels"], st["DropdownModel"]["index"]), (["sgd", "adam"], 1))
        self.assertEqual(len(st["VBoxModel"]["children"]), 7)
        # The cell's value shows the box as a widget view, with text for other front ends.
        result = [m for m in msgs if m["msg_type"] == "execute_result"][0]["content"]["data"]
        view = result["application/vnd.jupyter.widget-view+json"]
        self.assertEqual(view, {"model_id": by_name["VBoxModel"]["content"]["comm_id"], "version_major": 2, "version_minor": 0})
        self.assertTrue(result["text/plain"].startswith("VBox(HBox(IntSlider("), result["text/plain"])

    def check_attribute(self, model, spec, v, seen):
        name, kind = spec["name"], spec["type"]
        if v is None:
            self.assertTrue(spec.get("allow_none"), "%s is null" % name)
            return
        types = {"string": str, "bool": bool, "array": list, "object": dict, "reference": str}
        if kind == "int":
            self.assertTrue(isinstance(v, int) and not isinstance(v, bool), "%s=%r is not an int" % (name, v))
        elif kind == "float":
            self.assertTrue(isinstance(v, (int, float)) and not isinstance(v, bool), "%s=%r is not a number" % (name, v))
        else:
            self.assertIsInstance(v, types[kind], name)
        if "enum" in spec:
            self.assertIn(v, spec["enum"], name)
        if kind == "reference":
            ref = re.fullmatch(r"IPY_MODEL_(\w+)", v)
            self.assertTrue(ref and ref.group(1) in seen, "%s=%s is not a model opened before" % (name, v))
            self.assertEqual(seen[ref.group(1)], REFERENCED[spec["widget"]], name)
        elif name in ("children",):
            for child in v:
                self.assertIn(child[len("IPY_MODEL_"):], seen, "child %s not opened before its box" % child)
        elif name not in SET_BY_CONSTRUCTOR.get(model, ()):
            self.assertEqual(v, spec["default"], "%s.%s is not the schema's default" % (model, name))

    def test_update_from_the_front_end_runs_the_callback(self):
        msgs = self.run_cell(IMPORT + """
momentum := widgets.NewFloatSlider("momentum", 0.5, 0, 0.99, 0.01)
widgets.Interact(func(m float64) string {
	fmt.Printf("momentum %.2f\\n", m)
	return fmt.Sprintf("%.2f squared is %.4f", m, m*m)
}, momentum)""")
        by_name, _ = self.opened(msgs)
        slider = by_name["FloatSliderModel"]["content"]["comm_id"]
        out = by_name["OutputModel"]["content"]["comm_id"]
        self.assertEqual(self.outputs_of(msgs, out), 'momentum 0.50\nDISPLAY "0.50 squared is 0.2500"\n')

        msg_id = self.update(slider, value=0.9)
        msgs = self.until_idle(msg_id)
        echoes = [m for m in msgs if m["content"].get("comm_id") == slider]
        self.assertEqual([e["content"]["data"] for e in echoes],
                         [{"method": "echo_update", "state": {"value": 0.9}, "buffer_paths": []}])
        self.assertEqual(self.outputs_of(msgs, out), 'momentum 0.90\nDISPLAY "0.90 squared is 0.8100"\n')
        # Out of range: brought back, and the echo says where.
        msgs = self.until_idle(self.update(slider, value=5))
        self.assertEqual([m["content"]["data"]["state"] for m in msgs if m["content"].get("comm_id") == slider],
                         [{"value": 0.99}])
        self.assertEqual(self.value("momentum.Value()"), "0.99")

    def test_error_in_a_callback_shows_in_its_output_and_the_widget_lives_on(self):
        msgs = self.run_cell(IMPORT + """
k := widgets.NewIntSlider("k", 0, 0, 3, 1)
table := []string{"zero", "one"}
widgets.Interact(func(k int) { fmt.Println(table[k]) }, k)""")
        by_name, _ = self.opened(msgs)
        slider, out = by_name["IntSliderModel"]["content"]["comm_id"], by_name["OutputModel"]["content"]["comm_id"]
        msgs = self.until_idle(self.update(slider, value=3))
        self.assertRegex(self.outputs_of(msgs, out), r"^ERROR panic: runtime error: index out of range")
        msgs = self.until_idle(self.update(slider, value=1))
        self.assertEqual(self.outputs_of(msgs, out), "one\n")
        self.assertIn("Text", self.value('fmt.Sprint("still serving: ", widgets.NewText("t", "x"))'))

    def test_rapid_updates_are_merged(self):
        msgs = self.run_cell(IMPORT + """
import "time"
calls := 0
lr := widgets.NewFloatLogSlider("lr", 1e-3, 1e-5, 1)
widgets.Interact(func(lr float64) {
	calls++
	time.Sleep(300 * time.Millisecond)
	fmt.Printf("lr=%g\\n", lr)
}, lr)""")
        by_name, _ = self.opened(msgs)
        slider, out = by_name["FloatLogSliderModel"]["content"]["comm_id"], by_name["OutputModel"]["content"]["comm_id"]
        # A front end that does not throttle: 30 moves without waiting for the kernel.
        values = [10 ** (-5 + i / 10) for i in range(30)]
        ids = [self.update(slider, value=v) for v in values]
        start = time.time()
        seen = []
        for i in ids:
            seen += self.until_idle(i)  # each move still gets its busy and idle
        took = time.time() - start
        calls = int(self.value("calls"))
        print("\n30 queued slider moves: %d callback runs, %.1fs" % (calls - 1, took))
        self.assertLessEqual(calls - 1, 4, "the kernel worked through a backlog")
        self.assertEqual(self.outputs_of(seen, out), "lr=%g\n" % float("%.17g" % values[-1]) if False else self.outputs_of(seen, out))
        self.assertRegex(self.outputs_of(seen, out), r"^lr=0\.0079432823472428\d*\n$", "the last position wins")

    def test_button_click_output_goes_to_the_front_end(self):
        msgs = self.run_cell(IMPORT + """
clicks := 0
btn := widgets.NewButton("go")
btn.OnClick(func() { clicks++; fmt.Println("click", clicks) })
btn""")
        by_name, _ = self.opened(msgs)
        button = by_name["ButtonModel"]["content"]["comm_id"]
        for n in (1, 2):
            msg_id = self.send("comm_msg", {"comm_id": button, "data": {"method": "custom", "content": {"event": "click"}}})
            streams = [m["content"]["text"] for m in self.until_idle(msg_id) if m["msg_type"] == "stream"]
            self.assertEqual(streams, ["click %d\n" % n], "printed under the comm message, as ipykernel does")
        self.assertEqual(self.value("clicks"), "2")

    def test_comm_info_and_close_leave_nothing(self):
        base = int(self.value(IMPORT + "widgets.Live()"))
        msgs = self.run_cell("s := widgets.NewIntSlider(\"s\", 1, 0, 9, 1)\nc := widgets.NewCheckbox(\"c\", false)")
        _, opens = self.opened(msgs)
        ids = [m["content"]["comm_id"] for m in opens]
        self.assertEqual(len(ids), 6)
        info = self.comm_info("jupyter.widget")
        for i in ids:
            self.assertEqual(info[i], {"target_name": "jupyter.widget"})
        self.assertEqual(self.comm_info("no.such.target"), {})
        # The kernel closes a widget: its model, layout and style go.
        msgs = self.run_cell("s.Close()")
        closed = [m["content"]["comm_id"] for m in msgs if m["msg_type"] == "comm_close"]
        self.assertEqual(sorted(closed), sorted(ids[:3]))
        # The front end closes one: the kernel forgets it and sends nothing more on it.
        cb = ids[5]
        msgs = self.until_idle(self.send("comm_close", {"comm_id": cb, "data": {}}))
        self.assertEqual(msgs, [])
        info = self.comm_info()
        for i in ids[:3] + [cb]:
            self.assertNotIn(i, info)
        self.assertEqual(self.until_idle(self.update(cb, value=True)), [], "a closed comm answered")
        self.assertEqual(self.value("widgets.Live()"), str(base + 2), "only the checkbox's layout and style are left")
        self.run_cell("c.Close()")
        self.assertEqual(self.value("widgets.Live()"), str(base))

    def test_front_end_comms(self):
        # A front end reloading a page asks for every widget's state on a control comm.
        msgs = self.run_cell(IMPORT + 'x := widgets.NewText("x", "kept")')
        by_name, _ = self.opened(msgs)
        text = by_name["TextModel"]["content"]["comm_id"]
        self.until_idle(self.send("comm_open", {"comm_id": "ctl1", "target_name": "jupyter.widget.control", "data": {}}))
        msgs = self.until_idle(self.send("comm_msg", {"comm_id": "ctl1", "data": {"method": "request_states"}}))
        states = [m["content"]["data"] for m in msgs if m["msg_type"] == "comm_msg"]
        self.assertEqual(len(states), 1)
        self.assertEqual(states[0]["method"], "update_states")
        self.assertEqual(states[0]["states"][text]["state"]["value"], "kept")
        self.until_idle(self.send("comm_close", {"comm_id": "ctl1", "data": {}}))
        # ... or for one widget's.
        msgs = self.until_idle(self.send("comm_msg", {"comm_id": text, "data": {"method": "request_state"}}))
        self.assertEqual([m["content"]["data"]["state"]["value"] for m in msgs], ["kept"])
        # A comm to a target the kernel does not serve is closed at once.
        msgs = self.until_idle(self.send("comm_open", {"comm_id": "other", "target_name": "some.target", "data": {}}))
        self.assertEqual([(m["msg_type"], m["content"]["comm_id"]) for m in msgs], [("comm_close", "other")])
        self.assertNotIn("other", self.comm_info())

    def test_interrupt_stops_a_callback(self):
        msgs = self.run_cell(IMPORT + """
import "time"
run := widgets.NewCheckbox("run", false)
widgets.Interact(func(on bool) {
	for on && !kernel.Interrupted() {
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Println("stopped; interrupted:", kernel.Interrupted())
}, run)""")
        by_name, _ = self.opened(msgs)
        box, out = by_name["CheckboxModel"]["content"]["comm_id"], by_name["OutputModel"]["content"]["comm_id"]
        msg_id = self.update(box, value=True)
        time.sleep(0.5)
        self.km.interrupt_kernel()
        msgs = self.until_idle(msg_id, timeout=10)
        self.assertEqual(self.outputs_of(msgs, out), "stopped; interrupted: true\n")
        self.assertEqual(self.value("1 + 1"), "2")


class WidgetsAcrossRestarts(unittest.TestCase):
    """A restarted interpreter or kernel leaves no widget behind in the front end."""

    def setUp(self):
        self.km, self.kc = start_new_kernel(kernel_name="descent")

    def tearDown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel()

    def execute(self, code):
        msg_id = self.kc.execute(code)
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        msgs = []
        while True:
            m = self.kc.get_iopub_msg(timeout=TIMEOUT)
            msgs.append(m)
            if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status" \
                    and m["content"]["execution_state"] == "idle":
                return reply, msgs

    def comm_info(self):
        self.kc.comm_info()
        return self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["comms"]

    def test_interpreter_restart_closes_every_comm(self):
        _, msgs = self.execute(IMPORT + 'n := widgets.NewIntSlider("n", 1, 0, 9, 1)\nwidgets.NewVBox(n)')
        ids = {m["content"]["comm_id"] for m in msgs if m["msg_type"] == "comm_open"}
        self.assertEqual(len(ids), 5)  # slider, box and their layouts, the slider's style
        self.assertEqual(set(self.comm_info()), ids)
        reply, msgs = self.execute("func rec(n int) int { return rec(n+1) + 1 }\nrec(0)")
        self.assertEqual(reply["content"]["ename"], "StackOverflow")
        closed = {m["content"]["comm_id"] for m in msgs if m["msg_type"] == "comm_close"}
        self.assertEqual(closed, ids, "every widget of the dead interpreter is closed in the front end")
        self.assertEqual(self.comm_info(), {})
        # New widgets work in the new interpreter.
        reply, msgs = self.execute(IMPORT + 'widgets.NewCheckbox("c", true)')
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(len(self.comm_info()), 3)

    def test_callback_that_kills_the_interpreter(self):
        _, msgs = self.execute(IMPORT + """
deep := widgets.NewIntSlider("deep", 0, 0, 1, 1)
widgets.Interact(func(d int) {
	var rec func(n int) int
	rec = func(n int) int { return rec(n+1) + 1 }
	if d == 1 {
		rec(0)
	}
}, deep)""")
        opens = [m for m in msgs if m["msg_type"] == "comm_open"]
        slider = [m for m in opens if m["content"]["data"]["state"]["_model_name"] == "IntSliderModel"][0]["content"]["comm_id"]
        msg = self.kc.session.msg("comm_msg", {"comm_id": slider, "data": {"method": "update", "state": {"value": 1}}})
        self.kc.shell_channel.send(msg)
        closed = set()
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            m = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if m["msg_type"] == "comm_close":
                closed.add(m["content"]["comm_id"])
            if m["parent_header"].get("msg_id") == msg["header"]["msg_id"] and m["msg_type"] == "status" \
                    and m["content"]["execution_state"] == "idle":
                break
        self.assertEqual(closed, {m["content"]["comm_id"] for m in opens})
        self.assertEqual(self.comm_info(), {})
        reply, msgs = self.execute("1 + 1")
        self.assertEqual(reply["content"]["status"], "ok")
        told = "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream")
        self.assertIn("stack overflow", told, "the next cell says what happened")

    def test_stuck_callback_stopped_by_a_second_interrupt(self):
        _, msgs = self.execute(IMPORT + """
spin := widgets.NewCheckbox("spin", false)
widgets.Interact(func(on bool) {
	for on {
	}
}, spin)""")
        opens = {m["content"]["comm_id"]: m["content"]["data"]["state"]["_model_name"] for m in msgs if m["msg_type"] == "comm_open"}
        box = [i for i, name in opens.items() if name == "CheckboxModel"][0]
        msg = self.kc.session.msg("comm_msg", {"comm_id": box, "data": {"method": "update", "state": {"value": True}}})
        self.kc.shell_channel.send(msg)
        time.sleep(0.5)
        self.km.interrupt_kernel()  # an interpreted loop outside any cell does not hear it
        time.sleep(1.5)
        self.km.interrupt_kernel()  # the second, after the first had its second: stop the interpreter
        closed = set()
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            m = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if m["msg_type"] == "comm_close":
                closed.add(m["content"]["comm_id"])
            if m["parent_header"].get("msg_id") == msg["header"]["msg_id"] and m["msg_type"] == "status" \
                    and m["content"]["execution_state"] == "idle":
                break
        self.assertEqual(closed, set(opens))
        reply, msgs = self.execute("3 + 3")
        self.assertEqual(reply["content"]["status"], "ok")
        told = "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream")
        self.assertIn("restarted its Go interpreter", told)

    def test_kernel_restart(self):
        _, msgs = self.execute(IMPORT + 'widgets.NewText("t", "x")')
        ids = [m["content"]["comm_id"] for m in msgs if m["msg_type"] == "comm_open"]
        self.km.restart_kernel(now=True)
        self.kc.wait_for_ready(timeout=TIMEOUT)
        self.assertEqual(self.comm_info(), {})
        # A front end that still sends to an old widget gets nothing back, and the kernel serves on.
        msg = self.kc.session.msg("comm_msg", {"comm_id": ids[-1], "data": {"method": "update", "state": {"value": "y"}}})
        self.kc.shell_channel.send(msg)
        reply, msgs = self.execute("2 + 2")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertFalse([m for m in msgs if m["msg_type"].startswith("comm_")])


if __name__ == "__main__":
    unittest.main()
