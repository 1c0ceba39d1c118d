package prebind

import "testing"

func TestFields(t *testing.T) {
	conn := []byte(`{
  "shell_port": 53794, "iopub_port": 40885,"stdin_port":1,
  "ip": "127.0.0.1",
  "transport" : "tcp",
  "key": "a\"b"
}`)
	tests := []struct {
		key  string
		want int
		ok   bool
	}{
		{"shell_port", 53794, true}, {"iopub_port", 40885, true}, {"stdin_port", 1, true}, {"hb_port", 0, false},
	}
	for _, tt := range tests {
		if got, ok := intField(conn, tt.key); got != tt.want || ok != tt.ok {
			t.Errorf("intField(%s) = %d, %v; want %d, %v", tt.key, got, ok, tt.want, tt.ok)
		}
	}
	if ip, ok := stringField(conn, "ip"); ip != "127.0.0.1" || !ok {
		t.Errorf("ip = %q, %v", ip, ok)
	}
	if tr, ok := stringField(conn, "transport"); tr != "tcp" || !ok {
		t.Errorf("transport = %q, %v", tr, ok)
	}
	if _, ok := stringField(conn, "key"); ok {
		t.Error("an escaped string must be left to the real parser")
	}
}

func TestIPv4(t *testing.T) {
	tests := []struct {
		in   string
		want [4]byte
		ok   bool
	}{
		{"127.0.0.1", [4]byte{127, 0, 0, 1}, true},
		{"0.0.0.0", [4]byte{}, true},
		{"255.255.255.255", [4]byte{255, 255, 255, 255}, true},
		{"256.0.0.1", [4]byte{}, false},
		{"1.2.3", [4]byte{}, false},
		{"1.2.3.4.5", [4]byte{}, false},
		{"localhost", [4]byte{}, false},
		{"::1", [4]byte{}, false},
		{"1..2.3", [4]byte{}, false},
	}
	for _, tt := range tests {
		got, ok := ipv4(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("ipv4(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestConnectionFileArg(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-f", "/run/k.json"}, "/run/k.json"},
		{[]string{"-log-level", "debug", "--f", "x.json"}, "x.json"},
		{[]string{"-f=y.json"}, "y.json"},
		{[]string{"run", "nb.ipynb"}, ""},
		{[]string{"-f"}, ""},
	}
	for _, tt := range tests {
		if got := connectionFile(tt.args); got != tt.want {
			t.Errorf("connectionFile(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}

func TestItoa(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{{0, "0"}, {7, "7"}, {10, "10"}, {65535, "65535"}}
	for _, tt := range tests {
		if got := itoa(tt.n); got != tt.want {
			t.Errorf("itoa(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
