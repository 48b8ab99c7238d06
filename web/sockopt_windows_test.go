package web

import "syscall"

// setReceiveBuffer asks for a socket receive buffer of n bytes (SO_RCVBUF), leaving the system's
// own when it refuses.
func setReceiveBuffer(fd uintptr, n int) {
	_ = syscall.SetsockoptInt(syscall.Handle(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, n)
}
