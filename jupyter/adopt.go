package jupyter

import (
	"net"
	"sync"
)

// adopted holds listeners bound before the server started, keyed by "network addr".
var adopted sync.Map

// AdoptListener makes the kernel socket that would listen on addr ("127.0.0.1:9000" for
// network "tcp", as written in the connection file) accept connections from l instead.
//
// A client connects as soon as it has launched the kernel; if nothing listens yet, ZeroMQ
// retries only 100 ms later. The binary therefore binds its ports first thing at start-up,
// before loading the interpreter, and hands the listeners over here.
func AdoptListener(network, addr string, l net.Listener) {
	adopted.Store(network+" "+addr, l)
}

// takeAdopted returns, once, the listener adopted for network and addr.
func takeAdopted(network, addr string) (net.Listener, bool) {
	l, ok := adopted.LoadAndDelete(network + " " + addr)
	if !ok {
		return nil, false
	}
	return l.(net.Listener), true
}

// DropAdopted closes the adopted listeners no socket took, for example when the
// connection file named an address differently than the early bind spelled it, so that
// they do not hold ports for the life of the process.
func DropAdopted() {
	adopted.Range(func(key, l any) bool {
		if _, loaded := adopted.LoadAndDelete(key); loaded {
			l.(net.Listener).Close()
		}
		return true
	})
}
