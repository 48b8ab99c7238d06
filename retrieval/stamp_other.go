//go:build !(linux || openbsd || dragonfly || solaris || darwin || freebsd || netbsd)

package retrieval

// sysStamp adds nothing where the system's stat keeps no inode change time (Windows): a file is
// known by its size and modification time alone (see [racyWindow]), and only in memory, by the
// reloads of one process: the snapshot keeps no such stamp ([fileStamp.kept]), so a start reads
// every file.
func sysStamp(*fileStamp, any) {}
