package jupyter

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// referenceClient finds a Python with jupyter_client, the client every
// Jupyter frontend is built on, or "" when none is installed.
func referenceClient() string {
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import jupyter_client").Run() == nil {
			return py
		}
	}
	return ""
}

// TestJupyterClientInterop runs testdata/interop_client.py, which drives the
// kernel through jupyter_client over libzmq, on tcp with signing and on ipc
// without. It is skipped where jupyter_client is not installed (Debian:
// python3-jupyter-client).
func TestJupyterClientInterop(t *testing.T) {
	py := referenceClient()
	if py == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("jupyter_client not installed, and CI must run this test; scripts/test.sh installs it")
		}
		t.Skip("jupyter_client not installed; apt-get install python3-jupyter-client to run this test")
	}
	dir := t.TempDir()
	for _, ci := range []ConnectionInfo{
		{Transport: "tcp", IP: "127.0.0.1", Key: "interop-key", SignatureScheme: "hmac-sha256"},
		{Transport: "ipc", IP: filepath.Join(dir, "kernel"), SignatureScheme: "hmac-sha256", ShellPort: 1, ControlPort: 2, StdinPort: 3, IOPubPort: 4, HBPort: 5},
	} {
		t.Run(ci.Transport, func(t *testing.T) {
			logs := &syncBuffer{}
			srv, err := NewServer(&ci, newFakeEvaluator(), slog.New(slog.NewTextHandler(logs, nil)))
			if err != nil {
				t.Fatal(err)
			}
			if err := srv.Listen(); err != nil {
				t.Fatal(err)
			}
			bound := srv.ConnectionInfo()
			file := filepath.Join(dir, "kernel-"+ci.Transport+".json")
			data, _ := json.Marshal(bound)
			if err := os.WriteFile(file, data, 0o600); err != nil {
				t.Fatal(err)
			}
			done := make(chan serveResult, 1)
			go func() {
				r, err := srv.Serve(context.Background())
				done <- serveResult{r, err}
			}()
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			out, err := exec.CommandContext(ctx, py, filepath.Join("testdata", "interop_client.py"), file).CombinedOutput()
			t.Logf("jupyter_client:\n%s", out)
			if err != nil {
				srv.stop(false)
				<-done
				t.Fatalf("reference client failed: %v\nkernel log:\n%s", err, logs.String())
			}
			select {
			case r := <-done:
				if !r.restart || r.err != nil {
					t.Errorf("Serve returned (%v, %v), want a restart", r.restart, r.err)
				}
			case <-time.After(waitLimit):
				t.Fatal("Serve did not return after the client's shutdown_request")
			}
		})
	}
}
