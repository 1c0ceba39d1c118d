// Package prebind binds the kernel's TCP ports while the rest of the binary is still
// initialising.
//
// jupyter_client connects to a kernel right after launching it. A connection refused
// because the kernel is still starting is retried by ZeroMQ only 100 ms later, which would
// cost more than the whole start-up. Package initialisation runs before main, in import
// path order among packages whose dependencies are ready. This package depends on nothing
// but os and syscall (it even parses the connection file by hand), so its init binds the
// ports a few milliseconds after the process starts, long before the interpreter's symbol
// tables are built. Connections then wait in the listen backlog until the server accepts
// them.
package prebind

import "os"

// Listener is a bound, listening socket for one address of the connection file.
type Listener struct {
	Addr string   // "ip:port" as the connection file spells it
	File *os.File // the listening socket
}

// Listeners are the sockets bound at start-up; empty when the command line has no -f,
// the transport is not tcp, or binding failed (the server then binds them itself and
// reports any error).
var Listeners []Listener

var portKeys = []string{"shell_port", "control_port", "stdin_port", "iopub_port", "hb_port"}

func init() {
	path := connectionFile(os.Args[1:])
	if path == "" {
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return
	}
	if t, _ := stringField(b, "transport"); t != "tcp" {
		return
	}
	ip, ok := stringField(b, "ip")
	if !ok {
		return
	}
	var bound []Listener
	for _, key := range portKeys {
		port, ok := intField(b, key)
		if !ok || port <= 0 || port > 65535 {
			continue
		}
		l, ok := listen(ip, port)
		if !ok {
			for _, b := range bound {
				b.File.Close()
			}
			return
		}
		bound = append(bound, l)
	}
	Listeners = bound
}

// connectionFile returns the value of -f (or --f, -f=PATH) when the command serves a kernel.
func connectionFile(args []string) string {
	for i, a := range args {
		switch {
		case a == "-f" || a == "--f":
			if i+1 < len(args) {
				return args[i+1]
			}
		case len(a) > 3 && a[:3] == "-f=":
			return a[3:]
		case len(a) > 4 && a[:4] == "--f=":
			return a[4:]
		}
	}
	return ""
}

// value returns the bytes after `"key":` (and spaces) in a flat JSON object. It is enough
// for connection files, which jupyter_client writes; anything it cannot read leaves the
// binding to the server, which parses the file properly.
func value(b []byte, key string) []byte {
	q := `"` + key + `"`
	for i := 0; i+len(q) <= len(b); i++ {
		if string(b[i:i+len(q)]) != q {
			continue
		}
		j := skipSpace(b, i+len(q))
		if j < len(b) && b[j] == ':' {
			return b[skipSpace(b, j+1):]
		}
	}
	return nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

func stringField(b []byte, key string) (string, bool) {
	v := value(b, key)
	if len(v) == 0 || v[0] != '"' {
		return "", false
	}
	for i := 1; i < len(v); i++ {
		switch v[i] {
		case '\\':
			return "", false // escapes never occur in an ip or transport
		case '"':
			return string(v[1:i]), true
		}
	}
	return "", false
}

func intField(b []byte, key string) (int, bool) {
	v := value(b, key)
	n, i := 0, 0
	for ; i < len(v) && v[i] >= '0' && v[i] <= '9' && i < 6; i++ {
		n = n*10 + int(v[i]-'0')
	}
	return n, i > 0
}
