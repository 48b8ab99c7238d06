package main

import (
	"os"
	"syscall"
	"testing"
)

// maxRSS is the peak resident set of a process that ended, in MB.
func maxRSS(_ testing.TB, ps *os.ProcessState) float64 {
	return float64(ps.SysUsage().(*syscall.Rusage).Maxrss) / 1024 // Linux reports kilobytes
}
