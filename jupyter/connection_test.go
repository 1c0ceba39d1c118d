package jupyter

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseConnectionInfo(t *testing.T) {
	const good = `{"transport":"tcp","ip":"127.0.0.1","shell_port":5001,"control_port":5002,
		"stdin_port":5003,"iopub_port":5004,"hb_port":5005,"key":"secret","signature_scheme":"hmac-sha256",
		"kernel_name":"descent"}`
	ci, err := ParseConnectionInfo([]byte(good))
	if err != nil {
		t.Fatalf("good file rejected: %v", err)
	}
	if ci.ShellPort != 5001 || ci.HBPort != 5005 || ci.Key != "secret" || ci.IP != "127.0.0.1" {
		t.Errorf("fields decoded wrongly: %+v", ci)
	}
	if got := ci.endpoint(ci.ShellPort); got != "tcp://127.0.0.1:5001" {
		t.Errorf("tcp endpoint = %q", got)
	}

	tests := []struct {
		name, json, wantErr string
	}{
		{"not json", `{"transport":`, "not a JSON object"},
		{"array", `[1,2]`, "not a JSON object"},
		{"missing hb_port", `{"transport":"tcp","ip":"127.0.0.1","shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"key":""}`, `"hb_port"`},
		{"missing key", `{"transport":"tcp","ip":"127.0.0.1","shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5}`, `"key"`},
		{"port as string", `{"transport":"tcp","ip":"127.0.0.1","shell_port":"1","control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5,"key":""}`, "shell_port"},
		{"port too large", `{"transport":"tcp","ip":"127.0.0.1","shell_port":70000,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5,"key":""}`, "shell_port 70000"},
		{"negative port", `{"transport":"tcp","ip":"127.0.0.1","shell_port":1,"control_port":-2,"stdin_port":3,"iopub_port":4,"hb_port":5,"key":""}`, "control_port -2"},
		{"duplicate port", `{"transport":"tcp","ip":"127.0.0.1","shell_port":1,"control_port":1,"stdin_port":3,"iopub_port":4,"hb_port":5,"key":""}`, "shell_port and control_port"},
		{"unknown transport", `{"transport":"udp","ip":"127.0.0.1","shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5,"key":""}`, `transport "udp"`},
		{"empty ip", `{"transport":"tcp","ip":"","shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5,"key":""}`, `"ip"`},
		{"unknown scheme", `{"transport":"tcp","ip":"127.0.0.1","shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5,"key":"k","signature_scheme":"hmac-whirlpool"}`, "hmac-sha256"},
		{"ipc port zero", `{"transport":"ipc","ip":"/tmp/k","shell_port":0,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5,"key":""}`, "non-zero"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConnectionInfo([]byte(tc.json))
			if err == nil {
				t.Fatalf("accepted, want error mentioning %s", tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %q does not mention %s", err, tc.wantErr)
			}
		})
	}
}

func TestConnectionEndpoints(t *testing.T) {
	ipc := ConnectionInfo{Transport: "ipc", IP: "/tmp/kernel"}
	if got := ipc.endpoint(3); got != "ipc:///tmp/kernel-3" {
		t.Errorf("ipc endpoint = %q, want jupyter_client's ipc://path-port", got)
	}
	v6 := ConnectionInfo{Transport: "tcp", IP: "::1"}
	if got := v6.endpoint(9); got != "tcp://[::1]:9" {
		t.Errorf("ipv6 endpoint = %q", got)
	}
}

func TestReadConnectionFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadConnectionFile(filepath.Join(dir, "absent.json")); err == nil {
		t.Error("missing file accepted")
	}
	p := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(p, []byte(`{"transport":"tcp"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := ReadConnectionFile(p)
	if err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("error %v does not name the file", err)
	}
}
