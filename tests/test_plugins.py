"""Plugins through the real Jupyter client: %plugins, %load, and edit-and-reload.

The kernel starts with a plugin folder (DESCENT_PLUGINS) holding a working plugin and a
broken one, and an empty user configuration folder. Run by scripts/test.sh with the
kernelspec in JUPYTER_PATH.
"""
import os
import shutil
import tempfile
import time
import unittest

from jupyter_client.manager import start_new_kernel

# A plugin file; NAME is its registered name and SCALE multiplies its step, so that an
# edit can change both its struct and its behaviour.
WALKER = """package plugins

import opt "github.com/descentlab/descent/optimizers"

// Walker steps against the gradient by lr times its scale.
type Walker struct {
\t*opt.Base
\tscale float64
}

func (w *Walker) Step(p, g []float64) error {
\tfor i := range p {
\t\tp[i] -= w.scale * w.Hyper().Float("lr") * g[i]
\t}
\treturn nil
}

func init() {
\topt.Register("NAME", func(h map[string]any) (opt.Optimizer, error) {
\t\tw := &Walker{Base: opt.NewBase("Walker", map[string]any{"lr": 0.5}), scale: SCALE}
\t\treturn w, w.Hyper().SetAll(h)
\t})
}
"""

# The edited version: another struct (the scale becomes a method), twice the step.
WALKER_V2 = """package plugins

import opt "github.com/descentlab/descent/optimizers"

// Walker steps against the gradient by twice lr.
type Walker struct{ *opt.Base }

func (w *Walker) scale() float64 { return 2 }

func (w *Walker) Step(p, g []float64) error {
\tfor i := range p {
\t\tp[i] -= w.scale() * w.Hyper().Float("lr") * g[i]
\t}
\treturn nil
}

func init() {
\topt.Register("NAME", func(h map[string]any) (opt.Optimizer, error) {
\t\tw := &Walker{Base: opt.NewBase("Walker", map[string]any{"lr": 0.5})}
\t\treturn w, w.Hyper().SetAll(h)
\t})
}
"""


def walker(name, scale=1, text=WALKER):
    return text.replace("NAME", name).replace("SCALE", str(scale))


class Plugins(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="descent-plugins-")
        cls.folder = os.path.join(cls.dir, "folder")
        os.makedirs(cls.folder)
        with open(os.path.join(cls.folder, "walker.go"), "w") as f:
            f.write(walker("folder_walker"))
        with open(os.path.join(cls.folder, "broken.go"), "w") as f:
            f.write("package plugins\n\nfunc init() { undefinedThing() }\n")
        env = dict(os.environ, DESCENT_PLUGINS=cls.folder,
                   XDG_CONFIG_HOME=os.path.join(cls.dir, "config"))
        cls.km, cls.kc = start_new_kernel(kernel_name="descent", env=env)
        cls.first = cls.execute_cls("1")

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel()
        shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def execute_cls(cls, code, timeout=60):
        """Runs code; returns the reply content, stdout, stderr and text results."""
        msg_id = cls.kc.execute(code)
        reply = cls.kc.get_shell_msg(timeout=timeout)
        assert reply["parent_header"]["msg_id"] == msg_id
        out = {"stdout": "", "stderr": "", "result": []}
        while True:
            msg = cls.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "status" and msg["content"]["execution_state"] == "idle":
                break
            if kind == "stream":
                out[msg["content"]["name"]] += msg["content"]["text"]
            elif kind == "execute_result":
                out["result"].append(msg["content"]["data"]["text/plain"])
        return reply["content"], out

    def execute(self, code, ok=True):
        content, out = self.execute_cls(code)
        if ok:
            self.assertEqual(content["status"], "ok", content)
        return content, out

    def test_startup_problem_shown_once(self):
        _, out = self.first
        self.assertIn("plugin problem: " + os.path.join(self.folder, "broken.go") + ":3:15: undefined: undefinedThing",
                      out["stderr"])
        _, out = self.execute("2")
        self.assertNotIn("plugin problem", out["stderr"])

    def test_plugins_lists_every_origin(self):
        _, out = self.execute("%plugins")
        lines = out["stdout"].splitlines()

        def line(name):
            found = [l for l in lines if l.split() and l.split()[0] == name]
            self.assertEqual(len(found), 1, "%s in %s" % (name, out["stdout"]))
            return found[0]

        self.assertIn("plugins/adabelief.go:", line("adabelief"))
        self.assertIn("AdaBelief scales Adam's step", line("adabelief"))
        self.assertIn(os.path.join(self.folder, "walker.go") + ":19", line("folder_walker"))
        self.assertIn("Walker steps against the gradient", line("folder_walker"))
        self.assertIn("built-in", line("adam"))
        self.assertIn("plugins/inverse_sqrt.go:", line("inverse_sqrt"))
        self.assertIn("plugins/focal.go:", line("focal"))
        self.assertIn("Problems", out["stdout"])
        self.assertIn("undefined: undefinedThing", out["stdout"])
        # A plugin a cell registers is listed with its cell.
        self.execute('''type Still struct{ *opt.Base }

func (s *Still) Step(p, g []float64) error { return vec.Axpy(p, -0.1, g) }''')
        content, _ = self.execute('''opt.Register("from_cell", func(h map[string]any) (opt.Optimizer, error) {
\treturn &Still{Base: opt.NewBase("Still", nil)}, nil
})''')
        n = content["execution_count"]
        _, out = self.execute("%plugins")
        lines = out["stdout"].splitlines()
        self.assertIn("cell[%d]:1" % n, line("from_cell"))

    def test_load_then_use(self):
        path = os.path.join(self.dir, "loaded.go")
        with open(path, "w") as f:
            f.write(walker("loaded_walker", scale=3))
        _, out = self.execute("%load " + path)
        self.assertIn("loaded optimizer loaded_walker", out["stdout"])
        _, out = self.execute('o, _ := opt.New("loaded_walker", nil)\np := []float64{1}\no.Step(p, []float64{1})\np')
        self.assertEqual(out["result"], ["[-0.5]"])
        # The shipped plugins are there by name too.
        _, out = self.execute('a, _ := opt.New("adabelief", map[string]any{"lr": 0.1})\na.Name()')
        self.assertEqual(out["result"], ['"AdaBelief"'])

    def test_load_broken_file(self):
        path = os.path.join(self.dir, "nostep.go")
        with open(path, "w") as f:
            f.write(walker("nostep").replace("func (w *Walker) Step(", "func (w *Walker) Stp("))
        content, _ = self.execute("%load " + path, ok=False)
        self.assertEqual(content["ename"], "PluginError")
        self.assertIn(path + ":21:10: cannot use w (variable of type *Walker) as optimizers.Optimizer value", content["evalue"])
        self.assertIn("(missing method Step)", content["evalue"])

    def test_edit_and_reload(self):
        path = os.path.join(self.dir, "edited.go")
        with open(path, "w") as f:
            f.write(walker("edited_walker"))
        self.execute("%load " + path)
        self.execute('old, _ := opt.New("edited_walker", nil)')
        time.sleep(0.01)  # a modification time the file system can tell apart
        with open(path, "w") as f:
            f.write(walker("edited_walker", text=WALKER_V2))
        _, out = self.execute('nw, _ := opt.New("edited_walker", nil)\n'
                              'p, q := []float64{1}, []float64{1}\n'
                              'old.Step(p, []float64{1})\nnw.Step(q, []float64{1})\nfmt.Sprint(p, q)')
        self.assertEqual(out["result"], ['"[0.5] [0]"'], "the old object keeps the old step, the new one has the new")
        self.assertEqual(out["stderr"].count("\n"), 1, out["stderr"])
        self.assertIn("edited.go changed on disk: reloaded optimizer edited_walker", out["stderr"])
        _, out = self.execute("3")
        self.assertEqual(out["stderr"], "", "an unchanged file was reloaded again")


if __name__ == "__main__":
    unittest.main()
