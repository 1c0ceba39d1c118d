package jupyter

import (
	"net"
	"strconv"
	"testing"
)

// TestAdoptedListenersServe binds all five ports before the server exists, as the binary
// does at start-up. Were the server to bind again it would fail with "address already in
// use", so a working kernel_info round trip shows the adopted sockets are the ones served.
func TestAdoptedListenersServe(t *testing.T) {
	ci := ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", Key: testKey, SignatureScheme: "hmac-sha256"}
	for _, port := range []*int{&ci.ShellPort, &ci.ControlPort, &ci.StdinPort, &ci.IOPubPort, &ci.HBPort} {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		*port = l.Addr().(*net.TCPAddr).Port
		AdoptListener("tcp", "127.0.0.1:"+strconv.Itoa(*port), l)
	}
	k := startKernelOn(t, ci)
	c := k.c
	c.next(c.iopubC, "starting status")
	req := c.send(c.shell, "kernel_info_request", map[string]any{})
	if r := c.reply(c.shellC, req, "kernel_info_reply"); r["status"] != "ok" {
		t.Fatalf("kernel_info_reply = %v", r)
	}
	if _, left := takeAdopted("tcp", "127.0.0.1:"+strconv.Itoa(ci.ShellPort)); left {
		t.Error("the adopted shell listener was not taken by the server")
	}
}

func TestDropAdoptedClosesLeftovers(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	AdoptListener("tcp", addr, l)
	DropAdopted()
	if _, left := takeAdopted("tcp", addr); left {
		t.Error("DropAdopted left the listener registered")
	}
	// The port is free again once the leftover is closed.
	again, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("port still held after DropAdopted: %v", err)
	}
	again.Close()
}
