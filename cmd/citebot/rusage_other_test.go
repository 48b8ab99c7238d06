//go:build !linux

package main

import (
	"os"
	"testing"
)

// maxRSS skips the benchmark: the peak resident set of a process is read the Linux way (here and
// from /proc, see peakRSS).
func maxRSS(tb testing.TB, _ *os.ProcessState) float64 {
	tb.Skip("the whole-process benchmarks read peak RSS as Linux reports it")
	return 0
}
