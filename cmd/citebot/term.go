package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

// termSafe writes text for a terminal: control characters (ESC, which starts ANSI escape
// sequences, carriage return, backspace, C1 controls such as CSI) and the bidirectional overrides
// that can reorder what is shown are written as visible escapes (\x1b, \u202e). Newlines and tabs
// pass. Each Write is taken to hold whole characters, as fmt's single-call writes do.
type termSafe struct{ w io.Writer }

func (t termSafe) Write(p []byte) (int, error) {
	if !needsEscape(p) {
		return t.w.Write(p)
	}
	var b strings.Builder
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRune(p[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, p[i])
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case unicode.IsControl(r) && r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case isBidiControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.Write(p[i : i+size])
		}
		i += size
	}
	if _, err := io.WriteString(t.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// needsEscape reports whether p holds anything termSafe escapes (the common case is nothing).
func needsEscape(p []byte) bool {
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		if (r == utf8.RuneError && size == 1) || unicode.IsControl(r) || isBidiControl(r) {
			return true
		}
		i += size
	}
	return false
}

// isBidiControl reports the embedding, override and isolate characters (U+202A-U+202E,
// U+2066-U+2069) that can make text display in another order than it is read ("Trojan Source").
func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// isTerminal reports whether r is an interactive terminal (a character device such as a tty).
func isTerminal(r io.Reader) bool {
	f, ok := r.(interface{ Stat() (os.FileInfo, error) })
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// maxLineBytes bounds one line of questions read from stdin.
const maxLineBytes = 1 << 20

// errLineTooLong reports a stdin line longer than [maxLineBytes]; the line is skipped.
var errLineTooLong = fmt.Errorf("the line is longer than %d bytes (1 MiB); skipped", maxLineBytes)

// inputLine is one line read from stdin, or the error reading it.
type inputLine struct {
	text string
	err  error // errLineTooLong for a skipped line; io.EOF or a read error ends the input
}

// readLines reads r line by line in its own goroutine, so that the reader of the channel can stop
// at ctx's end (Ctrl-C, SIGTERM) even while a read blocks on a terminal. A line over maxLineBytes
// is skipped (read through to its end) and reported as errLineTooLong. The channel closes after
// io.EOF or a read error, or when ctx ends.
func readLines(ctx context.Context, r io.Reader) <-chan inputLine {
	out := make(chan inputLine)
	go func() {
		defer close(out)
		br := bufio.NewReaderSize(r, 64*1024)
		for {
			line, err := readLine(br)
			if errors.Is(err, io.EOF) && line == "" {
				return
			}
			item := inputLine{text: line}
			if errors.Is(err, errLineTooLong) {
				item = inputLine{err: err}
			} else if err != nil && !errors.Is(err, io.EOF) {
				item = inputLine{err: err}
			}
			select {
			case out <- item:
			case <-ctx.Done():
				return
			}
			if err != nil && !errors.Is(err, errLineTooLong) {
				return
			}
		}
	}()
	return out
}

// readLine reads one line (without its "\n" or "\r\n") of at most maxLineBytes. A longer line is
// read through to its end and dropped, with errLineTooLong.
func readLine(br *bufio.Reader) (string, error) {
	var b []byte
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(b)+len(chunk) > maxLineBytes+2 { // +2: the "\r\n" that is not part of the line
				tooLong, b = true, nil
			} else {
				b = append(b, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if tooLong {
			if err == nil || (errors.Is(err, io.EOF)) {
				return "", errLineTooLong
			}
			return "", err
		}
		line := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
		if len(line) > maxLineBytes {
			return "", errLineTooLong
		}
		return line, err
	}
}
