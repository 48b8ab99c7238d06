//go:build unix

package retrieval

import (
	"fmt"
	"os"
	"slices"
)

// processIdentity names who this process opens files as: its effective user and group and its
// supplementary groups, on which what file permissions let it open depends (root opens any); ""
// when its groups cannot be known.
func processIdentity() string {
	groups, err := os.Getgroups()
	if err != nil {
		return ""
	}
	slices.Sort(groups)
	return fmt.Sprintf("uid %d gid %d groups %v", os.Geteuid(), os.Getegid(), groups)
}
