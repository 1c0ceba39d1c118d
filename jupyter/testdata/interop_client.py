"""Drive a kernel with the reference client, jupyter_client (libzmq underneath).

Usage: python3 interop_client.py CONNECTION_FILE
The kernel must run the fake evaluator of the Go tests (fake_test.go).
Prints one line per check and exits non-zero at the first failure.
"""
import sys

from jupyter_client import BlockingKernelClient


def check(name, cond, detail=""):
    print(("ok   " if cond else "FAIL ") + name, detail)
    if not cond:
        sys.exit(1)


kc = BlockingKernelClient(connection_file=sys.argv[1])
kc.load_connection_file()
kc.start_channels()
kc.wait_for_ready(timeout=20)

r = kc.kernel_info(reply=True, timeout=10)["content"]
check("kernel_info", r["protocol_version"] == "5.3" and r["language_info"]["name"] == "go", r)


def run(code, **kw):
    outs = []
    r = kc.execute_interactive(code, timeout=20, output_hook=lambda m: outs.append(m), **kw)
    return r["content"], outs


c, outs = run("hello")
kinds = [m["msg_type"] for m in outs]
check("execute", c["status"] == "ok" and c["execution_count"] == 1, c)
check("outputs", kinds == ["status", "execute_input", "stream", "stream", "execute_result",
                           "display_data", "update_display_data", "clear_output", "status"], kinds)

c, outs = run("fail")
check("error reply", c["status"] == "error" and c["ename"] == "TestError", c)
check("error published", any(m["msg_type"] == "error" for m in outs))

c, outs = run("print 100000")
streams = [m for m in outs if m["msg_type"] == "stream"]
text = "".join(m["content"]["text"] for m in streams)
check("coalesced", c["status"] == "ok" and len(streams) < 200 and text.count("\n") == 100000,
      "%d messages" % len(streams))

c, outs = run("input", allow_stdin=True, stdin_hook=lambda m: kc.input("gopher"))
texts = [m["content"]["text"] for m in outs if m["msg_type"] == "stream"]
check("stdin", c["status"] == "ok" and texts == ["hello gopher\n"], texts)

check("heartbeat", kc.hb_channel.is_beating())

r = kc.complete("ab", 2, reply=True, timeout=10)["content"]
check("complete", r["matches"] == ["abA", "abB"], r)

r = kc.history(hist_access_type="tail", n=10, reply=True, timeout=10)["content"]
check("history", [h[2] for h in r["history"]] == ["hello", "fail", "print 100000", "input"], r)

block = kc.execute("block")
while True:  # interrupt once the cell has started, not while it is queued
    m = kc.get_iopub_msg(timeout=10)
    if m["msg_type"] == "execute_input" and m["parent_header"].get("msg_id") == block:
        break
kc.control_channel.send(kc.session.msg("interrupt_request", {}))
check("interrupt_reply", kc.get_control_msg(timeout=10)["content"]["status"] == "ok")
r = kc.get_shell_msg(timeout=10)["content"]
check("interrupted", r["status"] == "error" and r["ename"] == "Interrupted", r)

kc.control_channel.send(kc.session.msg("shutdown_request", {"restart": True}))
r = kc.get_control_msg(timeout=10)["content"]
check("shutdown", r == {"status": "ok", "restart": True}, r)
kc.stop_channels()
