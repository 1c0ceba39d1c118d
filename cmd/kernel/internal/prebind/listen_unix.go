//go:build unix

package prebind

import (
	"os"
	"syscall"
)

// listen binds an IPv4 TCP socket with the system calls themselves, because package net
// initialises too late to help.
func listen(ip string, port int) (Listener, bool) {
	addr, ok := ipv4(ip)
	if !ok {
		return Listener{}, false
	}
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return Listener{}, false
	}
	syscall.CloseOnExec(fd)
	sa := &syscall.SockaddrInet4{Port: port, Addr: addr}
	if syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1) != nil ||
		syscall.Bind(fd, sa) != nil || syscall.Listen(fd, syscall.SOMAXCONN) != nil {
		syscall.Close(fd)
		return Listener{}, false
	}
	name := ip + ":" + itoa(port)
	return Listener{Addr: name, File: os.NewFile(uintptr(fd), "tcp:"+name)}, true
}

// ipv4 parses a dotted quad; anything else (a host name, IPv6) is left to package net.
func ipv4(s string) ([4]byte, bool) {
	var a [4]byte
	part, digits := 0, 0
	n := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			if digits == 0 || n > 255 || part > 3 {
				return a, false
			}
			a[part] = byte(n)
			part, digits, n = part+1, 0, 0
			continue
		}
		if s[i] < '0' || s[i] > '9' || digits == 3 {
			return a, false
		}
		n = n*10 + int(s[i]-'0')
		digits++
	}
	return a, part == 4
}

func itoa(n int) string {
	var buf [8]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(buf[i:])
		}
	}
}
