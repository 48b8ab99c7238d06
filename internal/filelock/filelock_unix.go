//go:build unix && !solaris && !aix

package filelock

import (
	"errors"
	"os"
	"syscall"
)

// TryExclusive takes an exclusive lock on f without waiting; [ErrWouldBlock] if it is held.
func TryExclusive(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return ErrWouldBlock
	}
	return err
}

// Exclusive waits for an exclusive lock on f.
func Exclusive(f *os.File) error { return flock(f, syscall.LOCK_EX) }

// Shared waits for a shared lock on f: shared holders exclude only an exclusive one.
func Shared(f *os.File) error { return flock(f, syscall.LOCK_SH) }

// Unlock releases f's lock.
func Unlock(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}
