//go:build !unix

package prebind

// listen does nothing where the early bind is not implemented; the server binds normally.
func listen(ip string, port int) (Listener, bool) { return Listener{}, false }
