// Command testsummary reads `go test -json` on stdin and prints what CI needs: the output of every
// failing test as it happens, then one line per package (tests passed, failed, skipped, seconds) and
// the totals. It exits 1 if any test or package failed, or if the input holds no package result.
//
//	go test -json ./... | go run ./.ci/testsummary
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// event is one line of `go test -json` (see `go doc test2json`).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	Elapsed float64
}

// pkgResult counts one package's tests (subtests included) and its outcome.
type pkgResult struct {
	pass, fail, skip int
	elapsed          float64
	outcome          string // pass, fail or skip; "" until the package ends
}

func main() {
	os.Exit(summarize(os.Stdin, os.Stdout))
}

func summarize(in io.Reader, out io.Writer) int {
	pkgs := map[string]*pkgResult{}
	output := map[string][]string{} // package/test -> output lines, kept until the test ends
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			fmt.Fprintln(out, sc.Text()) // build errors and the like are not JSON
			continue
		}
		p := pkgs[e.Package]
		if p == nil {
			p = &pkgResult{}
			pkgs[e.Package] = p
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "build-output":
			fmt.Fprint(out, e.Output) // a package that does not compile: show why at once
		case "output":
			output[key] = append(output[key], e.Output)
		case "pass", "fail", "skip":
			if e.Test == "" {
				p.outcome, p.elapsed = e.Action, e.Elapsed
				if e.Action == "fail" {
					fmt.Fprint(out, strings.Join(output[key], ""))
				}
			} else if e.Action == "pass" {
				p.pass++
			} else if e.Action == "skip" {
				p.skip++
			} else {
				p.fail++
				fmt.Fprint(out, strings.Join(output[key], ""))
			}
			delete(output, key)
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(out, "testsummary: reading go test -json:", err)
		return 1
	}
	names := make([]string, 0, len(pkgs))
	for name := range pkgs {
		names = append(names, name)
	}
	sort.Strings(names)
	var total pkgResult
	failed, ended := false, 0
	fmt.Fprintf(out, "%-48s %6s %6s %6s %8s\n", "package", "passed", "failed", "skipped", "seconds")
	for _, name := range names {
		p := pkgs[name]
		if p.outcome == "" {
			continue
		}
		ended++
		failed = failed || p.outcome == "fail"
		total.pass, total.fail, total.skip, total.elapsed = total.pass+p.pass, total.fail+p.fail, total.skip+p.skip, total.elapsed+p.elapsed
		fmt.Fprintf(out, "%-48s %6d %6d %6d %8.1f%s\n", name, p.pass, p.fail, p.skip, p.elapsed, map[string]string{"fail": "  FAIL"}[p.outcome])
	}
	fmt.Fprintf(out, "%-48s %6d %6d %6d %8.1f (package times overlap: packages run in parallel)\n", "total", total.pass, total.fail, total.skip, total.elapsed)
	if failed || total.fail > 0 || ended == 0 {
		return 1
	}
	return 0
}
