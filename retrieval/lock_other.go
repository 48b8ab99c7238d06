//go:build !unix

package retrieval

import (
	"errors"
	"os"
)

var errWouldBlock = errors.New("lock held by another process")

// tryLock cannot lock on this platform: citebot's images and CI are Linux. One writer at a time is
// then up to the operator.
func tryLock(*os.File) error { return nil }

func unlockFile(*os.File) error { return nil }
