package retrieval

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/citebot/citebot/internal/filelock"
)

// ErrLocked is returned (wrapped) when another process kept the data folder's lock for longer than
// the configured wait.
var ErrLocked = errors.New("the data folder is locked by another citebot")

// ErrReadOnly is returned (wrapped) when the data folder cannot be written.
var ErrReadOnly = errors.New("the data folder is read-only")

// DefaultLockTimeout is how long a writer waits for another to release the data folder.
const DefaultLockTimeout = 2 * time.Minute

// lockFileName is the lock of a data folder. The process holding it writes its PID there, for the
// message of one that waits.
const lockFileName = "lock"

// dataLock is the exclusive lock of one data folder: one writer at a time (index, or a command or
// server bringing the index up to date). Readers take no lock: they read the snapshot, which is
// only ever replaced whole.
type dataLock struct{ f *os.File }

// lockDataDir takes the data folder's lock, waiting up to timeout for another holder, and says so
// once through logger while it waits. A folder that cannot be written returns [ErrReadOnly].
func lockDataDir(ctx context.Context, dir string, timeout time.Duration, logger *slog.Logger) (*dataLock, error) {
	if timeout <= 0 {
		timeout = DefaultLockTimeout
	}
	path := filepath.Join(dir, lockFileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		if isReadOnly(err) {
			return nil, fmt.Errorf("%w: %s: %w", ErrReadOnly, dir, err)
		}
		return nil, fmt.Errorf("lock data folder %s: %w", dir, err)
	}
	deadline := time.Now().Add(timeout)
	waited := false
	for {
		err := filelock.TryExclusive(f)
		if err == nil {
			break
		}
		if !errors.Is(err, filelock.ErrWouldBlock) {
			f.Close()
			return nil, fmt.Errorf("lock data folder %s: %w", dir, err)
		}
		holder := lockHolder(path)
		if !waited {
			waited = true
			logger.Warn("another citebot is updating the index in this data folder; waiting for it", "data", dir, "pid", holder, "timeout", timeout.String())
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("%w (pid %s) for more than %s: %s; wait for it to finish, or raise CITEBOT_LOCK_TIMEOUT", ErrLocked, holder, timeout, dir)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("waiting for the lock of %s: %w", dir, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
	if waited {
		logger.Warn("the other citebot is done; going on", "data", dir)
	}
	// The PID is informative only; a failure to record it changes nothing.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &dataLock{f: f}, nil
}

// tryLockDataDir takes the data folder's lock when no other process holds it, without waiting;
// nil when it is held or cannot be taken (a read-only folder).
func tryLockDataDir(dir string) *dataLock {
	f, err := os.OpenFile(filepath.Join(dir, lockFileName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil
	}
	if filelock.TryExclusive(f) != nil {
		f.Close()
		return nil
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &dataLock{f: f}
}

// unlock releases the lock. Closing the file releases it too, so a killed process never leaves the
// folder locked.
func (l *dataLock) unlock() {
	if l == nil || l.f == nil {
		return
	}
	_ = l.f.Truncate(0)
	_ = filelock.Unlock(l.f)
	l.f.Close()
	l.f = nil
}

func lockHolder(path string) string {
	data, err := os.ReadFile(path)
	if err != nil || strings.TrimSpace(string(data)) == "" {
		return "unknown"
	}
	return strings.TrimSpace(string(data))
}

// isReadOnly reports an error that means the folder cannot be written at all (a read-only mount,
// or no permission), as opposed to a passing failure.
func isReadOnly(err error) bool {
	return errors.Is(err, syscall.EROFS) || errors.Is(err, fs.ErrPermission)
}
