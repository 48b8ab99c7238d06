// Command citebot indexes a folder of documents and answers questions about it with every claim
// cited to the exact source paragraph: from the command line, in Discord, and in a browser.
//
// Run "citebot help" for the commands and "citebot COMMAND --help" for their flags.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
