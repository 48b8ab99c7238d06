// Package filelock takes advisory locks on open files (flock on Unix), shared between the
// processes that use the same file: the index's data folder lock and the question log's.
//
// flock locks belong to the open file, so the kernel releases them when the process dies, however
// it dies. On platforms without flock (Windows, Plan 9, and Solaris and AIX, whose Go has no flock:
// their fcntl locks belong to the process, not the open file, so a second open in the same process
// would not be excluded and closing it would drop the first's lock) every call succeeds without
// locking: citebot's images and CI are Linux, and one writer at a time is then up to the operator.
package filelock

import "errors"

// ErrWouldBlock is what [TryExclusive] returns when another holder has the lock.
var ErrWouldBlock = errors.New("lock held by another process")
