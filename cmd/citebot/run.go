package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
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

// text returns stdout for human-readable output: control characters and terminal escape sequences
// that documents, questions or file names may carry are shown escaped instead of acting on the
// terminal. JSON output needs no such care (the encoder escapes them).
func (a *app) text() io.Writer { return termSafe{a.stdout} }

// command is one subcommand.
type command struct {
	name    string
	args    string // positional arguments after the flags, for the usage line
	summary string
	run     func(ctx context.Context, a *app, args []string) error
	// noConfig commands run without reading .env or the environment.
	noConfig bool
}

func commands() []command {
	return []command{
		{name: "index", summary: "index the corpus (incrementally) and print what changed", run: runIndex},
		{name: "search", args: "QUERY", summary: "search the corpus; every hit says where it comes from", run: runSearch},
		{name: "ask", args: "[QUESTION]", summary: "answer a question with cited sources (with no QUESTION: one per line from stdin, or a prompt on a terminal)", run: runAsk},
		{name: "summary", args: "PLATFORM", summary: "summarise what the corpus says about one platform, cited", run: runSummary},
		{name: "platforms", summary: "list the platform catalog and how many documents mention each", run: runPlatforms},
		{name: "names", summary: "list the names the documents define for one another (abbreviations, former names, nicknames); a names.json beside them corrects the list", run: runNames},
		{name: "eval", args: "FILE", summary: "measure retrieval and answers on a question set (JSON lines; see the README)", run: runEval},
		{name: "serve", summary: "serve the web viewer, API and chat page, and the Discord bot when DISCORD_TOKEN is set", run: runServe},
		{name: "feedback", summary: "summarise the 👍/👎 feedback given in Discord", run: runFeedback},
		{name: "gaps", summary: "report the questions the documents could not answer, grouped by need", run: runGaps},
		{name: "healthcheck", summary: "exit 0 if the server's /healthz answers (for container health checks)", run: runHealthcheck},
		{name: "version", summary: "print the version", run: runVersion, noConfig: true},
	}
}

// usageError is a mistake in how citebot was called (unknown command or flag, missing argument):
// the only failures that exit with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// usagef makes a [usageError].
func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// run is the whole program: it reads .env (a missing file is fine), validates the configuration,
// and runs one command. It returns the exit status: 0, 1 for a failure, 2 for a wrong invocation,
// 130 when interrupted.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		printHelp(stdout)
		return 0
	}
	if args[0] == "--version" || args[0] == "-version" {
		args[0] = "version"
	}
	cmd, ok := findCommand(args[0])
	if !ok {
		msg := fmt.Sprintf("unknown command %q", args[0])
		if s := suggest(args[0]); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		printError(stderr, "citebot", usagef("%s (run citebot help for the list)", msg))
		return 2
	}
	a := &app{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if !cmd.noConfig {
		if code := a.configure(cmd.name); code != 0 {
			return code
		}
	}
	err := cmd.run(ctx, a, args[1:])
	var uerr usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &uerr):
		printError(stderr, "citebot "+cmd.name, fmt.Errorf("%w (run citebot %s --help)", err, cmd.name))
		return 2
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		fmt.Fprintf(termSafe{stderr}, "citebot %s: interrupted\n", cmd.name)
		return 130
	default:
		printError(stderr, "citebot "+cmd.name, err)
		return 1
	}
}

// configure reads .env and the configuration for command name and sets up the logger. It returns
// a non-zero exit status when the command cannot run.
func (a *app) configure(name string) int {
	dotenv, err := readDotenv(".env")
	if err != nil {
		printError(a.stderr, "citebot", err)
		return 1
	}
	getenv := withFallback(a.getenv, dotenv)
	cfg, warnings, err := loadConfig(getenv, name)
	for _, w := range warnings {
		printError(a.stderr, "citebot: warning", w)
	}
	if err != nil {
		printError(a.stderr, "citebot", err)
		return 1
	}
	a.getenv, a.cfg = getenv, cfg
	a.logger = newLogger(a.stderr, cfg, name)
	return 0
}

// printError prints err as one line per failure (a joined error has one per line), each starting
// with prefix, with control characters escaped.
func printError(w io.Writer, prefix string, err error) {
	for _, line := range strings.Split(err.Error(), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			fmt.Fprintf(termSafe{w}, "%s: %s\n", prefix, line)
		}
	}
}

func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// suggest returns the command closest to a misspelled name (at most two edits away, or a prefix),
// or "".
func suggest(name string) string {
	best, bestDist := "", 3
	for _, c := range commands() {
		d := editDistance(strings.ToLower(name), c.name)
		if len(name) >= 2 && strings.HasPrefix(c.name, strings.ToLower(name)) {
			d = min(d, 1)
		}
		if d < bestDist {
			best, bestDist = c.name, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
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
	fmt.Fprintln(w, "Start:")
	fmt.Fprintln(w, "  citebot ask \"What was Douyin's GMV in 2024?\"     the built-in corpus, offline")
	fmt.Fprintln(w, "  citebot ask --seeds ./my-docs \"Your question?\"   your own folder of documents")
	fmt.Fprintln(w, "  citebot serve                                    the chat page on http://127.0.0.1:8080/")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run citebot COMMAND --help for a command's flags. Configuration comes from flags, the")
	fmt.Fprintln(w, "environment and a .env file; .env.example lists every variable. With no OPENAI_API_KEY or")
	fmt.Fprintln(w, "OPENAI_BASE_URL everything runs offline; with no DISCORD_TOKEN serve runs only the web server.")
	fmt.Fprintln(w, "The README's \"Start here\" has the steps for your own documents, a local model and Discord.")
}

// newFlags makes a command's flag set. The flag package prints nothing: run prints each error
// once, in one line, and --help prints the usage to stdout.
func newFlags(a *app, name string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flagSet{FlagSet: fs, help: a.stdout}
}

// flagSet is a command's flags and where its --help goes.
type flagSet struct {
	*flag.FlagSet
	help io.Writer
}

// placeholder names the value of a flag in usage lines.
func placeholder(flagName string) string {
	switch flagName {
	case "data", "seeds":
		return "DIR"
	case "k":
		return "N"
	case "addr":
		return "ADDR"
	case "url":
		return "URL"
	case "since":
		return "PERIOD"
	}
	return "VALUE"
}

// printUsage prints a command's usage line (every flag), what it does, and its flags, each with one
// default: the value it has when not given (from the environment, else citebot's default).
func printUsage(w io.Writer, fs *flag.FlagSet, name string) {
	cmd, _ := findCommand(name)
	type row struct{ head, usage string }
	var rows []row
	width := 0
	var line strings.Builder
	fmt.Fprintf(&line, "Usage: citebot %s", cmd.name)
	fs.VisitAll(func(f *flag.Flag) {
		head := "--" + f.Name
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
			head += " " + placeholder(f.Name)
		}
		fmt.Fprintf(&line, " [%s]", head)
		usage := strings.ReplaceAll(f.Usage, "`", "")
		if f.DefValue != "" && f.DefValue != "false" {
			usage += " (default " + defaultText(f) + ")"
		}
		rows = append(rows, row{head, usage})
		width = max(width, len(head))
	})
	if cmd.args != "" {
		line.WriteString(" " + cmd.args)
	}
	fmt.Fprintf(w, "%s\n\n%s.\n", line.String(), upperFirst(cmd.summary))
	if len(rows) > 0 {
		fmt.Fprintln(w, "\nFlags:")
		for _, r := range rows {
			fmt.Fprintf(w, "  %-*s  %s\n", width, r.head, r.usage)
		}
	}
}

// defaultText is how a flag's default reads in its usage: quoted for a string flag, where the
// quotes show where the value starts and ends, and as written for a number or a duration, as the
// standard library's flag.PrintDefaults does ("(default 5)", not "(default \"5\")").
func defaultText(f *flag.Flag) string {
	if g, ok := f.Value.(flag.Getter); ok {
		if _, isString := g.Get().(string); !isString {
			return f.DefValue
		}
	}
	return strconv.Quote(f.DefValue)
}

// parseArgs parses flags wherever they stand among the arguments ("search QUERY --json" works as
// well as "search --json QUERY") and returns the positional arguments. "--" ends flag parsing.
func parseArgs(fs *flagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printUsage(fs.help, fs.FlagSet, fs.Name())
				return nil, err
			}
			// The flag package names flags with one dash; citebot's usage shows two.
			msg := strings.NewReplacer("flag -", "flag --", "defined: -", "defined: --").Replace(err.Error())
			return nil, usageError{msg}
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
func parseNoArgs(fs *flagSet, args []string) error {
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("takes no arguments, got %q", rest)
	}
	return nil
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// plural returns "1 document", "2 documents": n and the noun, with an "s" unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func runVersion(_ context.Context, a *app, args []string) error {
	if err := parseNoArgs(newFlags(a, "version"), args); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, "citebot", version)
	return nil
}
