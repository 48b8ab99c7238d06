package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// app carries what every command needs: the environment, the streams and the configuration.
type app struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	cfg    Config
	logger *slog.Logger
}

// command is one subcommand.
type command struct {
	name    string
	usage   string // arguments after the name
	summary string
	run     func(ctx context.Context, a *app, args []string) error
}

func commands() []command {
	return []command{
		{"index", "[--json] [--seeds DIR] [--data DIR]", "index the corpus (incrementally) and print what changed", runIndex},
		{"search", "[--k N] [--json] QUERY", "search the corpus; every hit says where it comes from", runSearch},
		{"ask", "[--json] [QUESTION]", "answer a question with cited sources (one per line from stdin if no QUESTION)", runAsk},
		{"summary", "[--json] PLATFORM", "summarise what the corpus says about one platform, cited", runSummary},
		{"platforms", "[--json]", "list the platform catalog and how many documents mention each", runPlatforms},
		{"eval", "[--json] [--k N] FILE", "measure retrieval and answers on a question set (JSON lines; see the README)", runEval},
		{"serve", "", "serve the web viewer, API and chat page, and the Discord bot when DISCORD_TOKEN is set", runServe},
		{"feedback", "[--json]", "summarise the 👍/👎 feedback given in Discord", runFeedback},
		{"healthcheck", "[--url URL]", "exit 0 if the server's /healthz answers (for container health checks)", runHealthcheck},
		{"version", "", "print the version", runVersion},
	}
}

// errUsage marks an error in how citebot was called; it exits with status 2.
var errUsage = errors.New("usage")

// run is the whole program: it reads .env (a missing file is fine), validates the configuration,
// and runs one command. It returns the exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	dotenv, err := readDotenv(".env")
	if err != nil {
		fmt.Fprintf(stderr, "citebot: %v\n", strings.ReplaceAll(err.Error(), "\n", "\ncitebot: "))
		return 1
	}
	getenv = withFallback(getenv, dotenv)
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		printHelp(stdout)
		return 0
	}
	if args[0] == "version" || args[0] == "--version" {
		fmt.Fprintln(stdout, "citebot", version)
		return 0
	}
	var cmd *command
	for _, c := range commands() {
		if c.name == args[0] {
			cmd = &c
			break
		}
	}
	if cmd == nil {
		fmt.Fprintf(stderr, "citebot: unknown command %q; run citebot help\n", args[0])
		return 2
	}
	cfg, warnings, err := loadConfig(getenv, cmd.name)
	for _, w := range warnings {
		fmt.Fprintf(stderr, "citebot: warning: %v\n", w)
	}
	if err != nil {
		fmt.Fprintf(stderr, "citebot: %v\n", err)
		return 1
	}
	a := &app{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr, cfg: cfg}
	a.logger = newLogger(stderr, cfg, cmd.name)
	if err := cmd.run(ctx, a, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "citebot %s: %v\n", cmd.name, err)
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

// withFallback looks a variable up in the environment first, then in .env: real environment
// variables win, as with godotenv.Load, but the process environment is never modified.
func withFallback(getenv func(string) string, dotenv map[string]string) func(string) string {
	return func(name string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return dotenv[name]
	}
}

// newLogger logs to stderr: warnings and errors for one-shot commands, the configured level for
// serve.
func newLogger(w io.Writer, cfg Config, cmd string) *slog.Logger {
	level := cfg.LogLevel
	if cmd != "serve" && level < slog.LevelWarn {
		level = slog.LevelWarn
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "citebot answers questions about a folder of documents, citing the exact paragraph.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: citebot COMMAND [flags] [args]")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run citebot COMMAND --help for a command's flags. Configuration comes from flags, the")
	fmt.Fprintln(w, "environment and a .env file; .env.example lists every variable. With no OPENAI_API_KEY or")
	fmt.Fprintln(w, "OPENAI_BASE_URL everything runs offline; with no DISCORD_TOKEN serve runs only the web server.")
}

// newFlags makes a command's flag set; its usage names the command and its arguments.
func newFlags(a *app, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("citebot "+name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	for _, c := range commands() {
		if c.name == name {
			fs.Usage = func() {
				fmt.Fprintf(a.stderr, "Usage: citebot %s %s\n\n%s.\n\nFlags:\n", c.name, c.usage, upperFirst(c.summary))
				fs.PrintDefaults()
			}
		}
	}
	return fs
}

// parseArgs parses flags wherever they stand among the arguments ("search QUERY --json" works as
// well as "search --json QUERY") and returns the positional arguments. "--" ends flag parsing.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		if args[0] == "--" {
			return append(rest, args[1:]...), nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

// parseNoArgs parses flags for a command that takes no positional arguments.
func parseNoArgs(fs *flag.FlagSet, args []string) error {
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: %s takes no arguments, got %q", errUsage, fs.Name(), rest)
	}
	return nil
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func runVersion(_ context.Context, a *app, _ []string) error {
	fmt.Fprintln(a.stdout, "citebot", version)
	return nil
}
