"""A Descent widget in a real browser, drawn by the real ipywidgets 8 widget manager.

Headless Chromium opens a page (page/) that bundles @jupyter-widgets/html-manager from
npm with esbuild and connects it, through a Jupyter server from Debian's packages, to a
live Descent kernel. The page runs a cell that shows an Interact with an IntSlider; the
test clicks the slider's track as a user would, and waits for the Go callback's new
output to appear under it. Then a cell changes the slider from the kernel, and the page
must follow. Then Tutorial 1's interactive cell runs, and a click on its learning-rate
slider must redraw the paths. Last, the page draws that cell from the widget state that
`kernel run` saved in the notebook, with no kernel, as a front end opening the executed
notebook does. Screenshots are kept (their paths are printed).

It installs what it needs: Debian's chromium, python3-jupyter-server and
python3-websocket (apt-get), the npm packages pinned by package-lock.json (npm ci), and,
when no "descent" kernelspec is on JUPYTER_PATH, the kernel (go build). Run it with
Debian's Python: /usr/bin/python3 tests/browser/run_test.py
"""
import base64
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(HERE, "build")
SCREENSHOT = os.path.join(BUILD, "widget-browser-test.png")
TUTORIAL_SHOT = os.path.join(BUILD, "tutorial-sliders.png")
SAVED_SHOT = os.path.join(BUILD, "tutorial-saved.png")
TUTORIAL = os.path.join(ROOT, "notebooks", "01-momentum.ipynb")
WAIT = 30  # seconds: a hang guard, not a speed requirement

CELL = """import "github.com/descentlab/descent/interp/widgets"
n := widgets.NewIntSlider("n", 2, 0, 10, 1)
widgets.Interact(func(n int) { fmt.Printf("Go says: %d squared is %d\\n", n, n*n) }, n)"""


def log(msg):
    print("browser test: " + msg, flush=True)


def sh(*cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def install():
    """Debian packages and npm modules, only when missing."""
    missing = [pkg for pkg, probe in [("chromium", lambda: shutil.which("chromium")),
                                      ("python3-jupyter-server", lambda: importable("jupyter_server")),
                                      ("python3-websocket", lambda: importable("websocket"))] if not probe()]
    if missing:
        log("apt-get install " + " ".join(missing))
        sudo = [] if os.geteuid() == 0 else ["sudo", "-E"]
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        sh(*sudo, "apt-get", "update", "-qq", env=env)
        sh(*sudo, "apt-get", "install", "-y", "-qq", *missing, env=env, stdout=subprocess.DEVNULL)
    lock = os.path.join(HERE, "package-lock.json")
    stamp = os.path.join(HERE, "node_modules", ".package-lock.json")
    if not os.path.exists(stamp) or os.path.getmtime(stamp) < os.path.getmtime(lock):
        log("npm ci")
        sh("npm", "ci", "--no-audit", "--no-fund", cwd=HERE, stdout=subprocess.DEVNULL)


def importable(module):
    return subprocess.run([sys.executable, "-c", "import " + module], capture_output=True).returncode == 0


def bundle():
    """The page's script and CSS, bundled by esbuild into build/."""
    os.makedirs(BUILD, exist_ok=True)
    sh(os.path.join(HERE, "node_modules", ".bin", "esbuild"), os.path.join(HERE, "page", "main.js"), "--bundle",
       "--outfile=" + os.path.join(BUILD, "bundle.js"), "--loader:.svg=text", "--loader:.woff=file",
       "--loader:.woff2=file", "--loader:.ttf=file", "--loader:.eot=file", "--log-level=warning")
    shutil.copy(os.path.join(HERE, "page", "index.html"), BUILD)


def kernelspec(scratch):
    """Makes sure a "descent" kernelspec is on JUPYTER_PATH, building the kernel if not."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    try:
        KernelSpecManager().get_kernel_spec("descent")
        return
    except NoSuchKernel:
        pass
    log("building the kernel")
    binary = os.path.join(scratch, "bin", "kernel")
    sh("go", "build", "-o", binary, "./cmd/kernel", cwd=ROOT)
    sh(binary, "install", "--prefix", os.path.join(scratch, "prefix"), stdout=subprocess.DEVNULL)
    paths = [os.path.join(scratch, "prefix", "share", "jupyter")] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(paths)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, probe, timeout=WAIT):
    deadline = time.time() + timeout
    while True:
        v = probe()
        if v:
            return v
        if time.time() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(0.1)


def start_server(scratch, token):
    port = free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=os.path.join(scratch, "runtime"),
               JUPYTER_CONFIG_DIR=os.path.join(scratch, "config"), JUPYTER_DATA_DIR=os.path.join(scratch, "data"))
    cmd = ["/usr/bin/python3", "-m", "jupyter_server", "--no-browser", "--ip=127.0.0.1", "--port=%d" % port,
           "--ServerApp.port_retries=0", "--ServerApp.token=" + token, "--ServerApp.disable_check_xsrf=True",
           "--ServerApp.root_dir=" + scratch, "--ServerApp.extra_static_paths=['%s']" % BUILD]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    out = open(os.path.join(scratch, "server.log"), "w")
    proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)

    def up():
        try:
            urllib.request.urlopen("http://127.0.0.1:%d/api/status?token=%s" % (port, token), timeout=1)
            return True
        except OSError:
            if proc.poll() is not None:
                raise AssertionError("the Jupyter server exited:\n" + read(os.path.join(scratch, "server.log")))
            return False
    wait_for("the Jupyter server", up)
    return proc, port


def read(path):
    with open(path) as f:
        return f.read()


class Browser:
    """Headless Chromium driven over the DevTools protocol."""

    def __init__(self, scratch):
        import websocket
        profile = os.path.join(scratch, "chromium")
        env = dict(os.environ, TMPDIR=scratch)  # it leaves its singleton sockets there
        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", "--window-size=820,760", "--user-data-dir=" + profile,
             "--remote-debugging-port=0", "about:blank"],
            env=env, stdout=subprocess.DEVNULL, stderr=open(os.path.join(scratch, "chromium.log"), "w"))
        port_file = os.path.join(profile, "DevToolsActivePort")
        wait_for("Chromium's DevTools port", lambda: os.path.exists(port_file) and read(port_file).strip())
        port = int(read(port_file).split()[0])
        targets = json.load(urllib.request.urlopen("http://127.0.0.1:%d/json" % port))
        page = [t for t in targets if t["type"] == "page"][0]
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=WAIT)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise AssertionError("%s: %s" % (method, msg["error"]))
                return msg["result"]

    def js(self, expr):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise AssertionError("page script failed: %s" % r["exceptionDetails"])
        return r["result"].get("value")

    def click(self, x, y):
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def screenshot(self, path):
        shot = self.call("Page.captureScreenshot", format="png")
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


OUTPUT_TEXT = "(document.querySelector('.widget-output') || {}).innerText || ''"
READOUT = "(document.querySelector('.widget-readout') || {}).innerText || ''"


def tutorial(browser):
    """Runs Tutorial 1 up to its interactive cell, which must draw the paths, then moves
    the learning-rate slider and waits for the paths to be computed again."""
    with open(TUTORIAL) as f:
        cells = {c.get("id"): "".join(c["source"]) for c in json.load(f)["cells"]}
    browser.js("document.getElementById('cell').innerHTML = ''")
    t0 = time.time()
    for cell in ("code1", "code3", "code-sliders"):
        browser.js("window.runCode(%s).then(() => true)" % json.dumps(cells[cell]))
    first = wait_for("the tutorial's paths", lambda: "GradConverged" in browser.js(OUTPUT_TEXT)
                     and browser.js("!!document.querySelector('.widget-output img')") and browser.js(OUTPUT_TEXT))
    log("Tutorial 1's sliders drew the paths in %.1fs" % (time.time() - t0))
    box = browser.js("(() => { const r = document.querySelectorAll('.noUi-target')[0].getBoundingClientRect();"
                     " return [r.left, r.top, r.width, r.height]; })()")
    t1 = time.time()
    browser.click(box[0] + 0.25 * box[2], box[1] + box[3] / 2)
    wait_for("new paths for a lower learning rate", lambda: browser.js(OUTPUT_TEXT) not in ("", first)
             and browser.js("!!document.querySelector('.widget-output img')"))
    lr = float(browser.js(READOUT))
    assert 1e-4 <= lr < 1e-3, "the click at 25%% of the lr slider gave %g" % lr
    log("lr slider moved to %s: paths redrawn after %.2fs" % (browser.js(READOUT), time.time() - t1))


def saved(browser, scratch):
    """Runs Tutorial 1 headless with kernel run, then draws its interactive cell from the
    widget state saved in the notebook, without a kernel."""
    from jupyter_client.kernelspec import KernelSpecManager
    kernel = KernelSpecManager().get_kernel_spec("descent").argv[0]
    out = os.path.join(scratch, "01-momentum.ipynb")
    t0 = time.time()
    sh(kernel, "run", TUTORIAL, "--out", out, stderr=subprocess.DEVNULL)
    with open(out) as f:
        nb = json.load(f)
    state = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]
    cell = [c for c in nb["cells"] if c.get("id") == "code-sliders"][0]
    view = cell["outputs"][0]["data"]["application/vnd.jupyter.widget-view+json"]
    browser.js("window.showSaved(%s, %s)" % (json.dumps(state), json.dumps(view["model_id"])))
    wait_for("the saved paths", lambda: "GradConverged" in browser.js(OUTPUT_TEXT)
             and browser.js("!!document.querySelector('.widget-output img')"))
    assert browser.js(READOUT) == "0.00100", "saved lr readout %r" % browser.js(READOUT)
    log("kernel run's saved widget state drew the tutorial cell without a kernel (%.1fs with the run)" % (time.time() - t0))


def main():
    start = time.time()
    install()
    bundle()
    scratch = tempfile.mkdtemp(prefix="descent-browser-")
    server = browser = None
    try:
        kernelspec(scratch)
        token = secrets.token_hex(16)
        server, port = start_server(scratch, token)
        browser = Browser(scratch)
        log("set up in %.1fs" % (time.time() - start))
        t0 = time.time()
        url = "http://127.0.0.1:%d/static/index.html?%s" % (port, urllib.parse.urlencode({"token": token, "code": CELL}))
        browser.call("Page.navigate", url=url)

        def shown():
            st = browser.js("JSON.stringify(window.test || null)")
            st = json.loads(st) if st else None
            if st and st["phase"] == "failed":
                raise AssertionError("the page failed: %s\n%s" % (st["error"], "\n".join(st["log"])))
            return st and st["phase"] == "shown"
        wait_for("the widget to be shown", shown)
        text = wait_for("the first output", lambda: browser.js(OUTPUT_TEXT).strip())
        assert text == "Go says: 2 squared is 4", "first output %r" % text
        log("widget rendered with the Go callback's output in %.1fs: %r" % (time.time() - t0, text))

        # A user clicks 80% along the slider's track.
        box = browser.js("(() => { const r = document.querySelector('.noUi-target').getBoundingClientRect();"
                         " return [r.left, r.top, r.width, r.height]; })()")
        t1 = time.time()
        browser.click(box[0] + 0.8 * box[2], box[1] + box[3] / 2)
        value = wait_for("the slider to move", lambda: browser.js(READOUT).strip() not in ("", "2") and browser.js(READOUT).strip())
        n = int(value)
        want = "Go says: %d squared is %d" % (n, n * n)
        wait_for("the Go callback's new output %r" % want, lambda: browser.js(OUTPUT_TEXT).strip() == want)
        assert n >= 6, "the click at 80%% of a 0..10 slider gave %d" % n
        log("clicked the slider to %d; the page shows %r after %.2fs" % (n, want, time.time() - t1))

        # The kernel moves the slider: the page follows, and so does the output.
        t2 = time.time()
        browser.js("window.runCode('n.SetValue(3)')")
        wait_for("the slider to follow the kernel", lambda: browser.js(READOUT).strip() == "3")
        wait_for("the output for 3", lambda: browser.js(OUTPUT_TEXT).strip() == "Go says: 3 squared is 9")
        log("n.SetValue(3) in a cell moved the slider in the page after %.2fs" % (time.time() - t2))

        browser.screenshot(SCREENSHOT)
        log("screenshot: " + SCREENSHOT)

        tutorial(browser)
        browser.screenshot(TUTORIAL_SHOT)
        log("screenshot: " + TUTORIAL_SHOT)

        saved(browser, scratch)
        browser.screenshot(SAVED_SHOT)
        log("screenshot: " + SAVED_SHOT)
        log("passed in %.1fs" % (time.time() - start))
    except Exception:
        if browser:
            try:
                browser.screenshot(SCREENSHOT)
                log("screenshot of the failure: " + SCREENSHOT)
                log("page state: %s" % browser.js("JSON.stringify(window.test || null)"))
            except Exception as e:  # the original failure matters more
                log("no screenshot: %s" % e)
        log("server log:\n" + read(os.path.join(scratch, "server.log"))[-4000:])
        raise
    finally:
        if browser:
            browser.close()
        if server:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
