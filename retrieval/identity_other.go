//go:build !unix

package retrieval

// processIdentity is empty where the snapshot keeps no stamp of a file not opened: a system that
// keeps no inode change time (Windows) shows no change of a file's permissions in its stamp (see
// [unopened]).
func processIdentity() string { return "" }
