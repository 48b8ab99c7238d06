//go:build !unix || solaris || aix

package filelock

import "os"

// TryExclusive cannot lock on this platform (see the package comment).
func TryExclusive(*os.File) error { return nil }

// Exclusive cannot lock on this platform.
func Exclusive(*os.File) error { return nil }

// Shared cannot lock on this platform.
func Shared(*os.File) error { return nil }

// Unlock does nothing on this platform.
func Unlock(*os.File) error { return nil }
