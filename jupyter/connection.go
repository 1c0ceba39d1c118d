package jupyter

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ConnectionInfo is the content of a Jupyter connection file: where the five
// sockets live and how messages are signed.
type ConnectionInfo struct {
	Transport       string `json:"transport"` // "tcp" or "ipc"
	IP              string `json:"ip"`        // host for tcp, path prefix for ipc
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	StdinPort       int    `json:"stdin_port"`
	IOPubPort       int    `json:"iopub_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`              // HMAC key as text; empty disables signing
	SignatureScheme string `json:"signature_scheme"` // e.g. "hmac-sha256"; empty means hmac-sha256
	KernelName      string `json:"kernel_name,omitempty"`
}

// ReadConnectionFile reads and validates the connection file at path.
func ReadConnectionFile(path string) (*ConnectionInfo, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("jupyter: reading connection file: %w", err)
	}
	ci, err := ParseConnectionInfo(data)
	if err != nil {
		return nil, fmt.Errorf("jupyter: connection file %s: %w", path, err)
	}
	return ci, nil
}

// ParseConnectionInfo decodes and validates a connection file's JSON content.
// Every field a kernel needs must be present; unknown fields are ignored.
func ParseConnectionInfo(data []byte) (*ConnectionInfo, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("connection info is not a JSON object: %w", err)
	}
	// Presence is checked separately because a missing port and port 0 decode alike.
	for _, k := range []string{"transport", "ip", "shell_port", "control_port", "stdin_port", "iopub_port", "hb_port", "key"} {
		if _, ok := raw[k]; !ok {
			return nil, fmt.Errorf("connection info: missing field %q", k)
		}
	}
	var ci ConnectionInfo
	if err := json.Unmarshal(data, &ci); err != nil {
		return nil, fmt.Errorf("connection info: %w", err)
	}
	if err := ci.Validate(); err != nil {
		return nil, err
	}
	return &ci, nil
}

// Validate reports the first problem that would stop a kernel from binding to
// or signing for ci. Port 0 is accepted for tcp and means "any free port"; the
// ports actually bound are reported by [Server.ConnectionInfo].
func (ci *ConnectionInfo) Validate() error {
	switch ci.Transport {
	case "tcp":
		if ci.IP == "" {
			return errors.New("connection info: field \"ip\" is empty")
		}
	case "ipc":
		if ci.IP == "" {
			return errors.New("connection info: field \"ip\" (the ipc path prefix) is empty")
		}
	default:
		return fmt.Errorf("connection info: transport %q is not supported (valid: \"tcp\", \"ipc\")", ci.Transport)
	}
	seen := map[int]string{}
	for _, p := range ci.ports() {
		if p.port < 0 || p.port > 65535 {
			return fmt.Errorf("connection info: %s %d is out of range 0..65535", p.name, p.port)
		}
		if ci.Transport == "ipc" && p.port == 0 {
			return fmt.Errorf("connection info: %s must be non-zero for ipc (it names the socket file)", p.name)
		}
		if p.port == 0 {
			continue
		}
		if other, dup := seen[p.port]; dup {
			return fmt.Errorf("connection info: %s and %s are both %d", other, p.name, p.port)
		}
		seen[p.port] = p.name
	}
	if _, err := newSigner(ci.SignatureScheme, ci.Key); err != nil {
		return fmt.Errorf("connection info: %w", err)
	}
	return nil
}

type namedPort struct {
	name string
	port int
}

func (ci *ConnectionInfo) ports() []namedPort {
	return []namedPort{
		{"shell_port", ci.ShellPort},
		{"control_port", ci.ControlPort},
		{"stdin_port", ci.StdinPort},
		{"iopub_port", ci.IOPubPort},
		{"hb_port", ci.HBPort},
	}
}

// endpoint returns the ZeroMQ address for port in the connection file's
// convention: tcp://ip:port, or ipc://ip-port as jupyter_client writes it.
func (ci *ConnectionInfo) endpoint(port int) string {
	if ci.Transport == "ipc" {
		return "ipc://" + ci.IP + "-" + strconv.Itoa(port)
	}
	host := ci.IP
	if strings.Contains(host, ":") && !strings.HasPrefix(host, "[") {
		host = "[" + host + "]" // IPv6 literal
	}
	return "tcp://" + host + ":" + strconv.Itoa(port)
}

// guardedEndpoint maps a tcp:// or ipc:// endpoint to the guarded transport
// the kernel listens with (see guard.go); pub selects the iopub variant.
func guardedEndpoint(ep string, pub bool) string {
	tcp, ipc := guardTCP, guardIPC
	if pub {
		tcp, ipc = guardTCPPub, guardIPCPub
	}
	if rest, ok := strings.CutPrefix(ep, "tcp://"); ok {
		return tcp + "://" + rest
	}
	if rest, ok := strings.CutPrefix(ep, "ipc://"); ok {
		return ipc + "://" + rest
	}
	return ep
}
