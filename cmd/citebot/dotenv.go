package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/joho/godotenv"
)

// readDotenv reads the variables of a .env file. A missing file is no error and no variables.
//
// godotenv parses the file, but its errors quote the text they stumble on, which may be a secret
// (an unterminated `OPENAI_API_KEY="sk-…` prints the key; a bad line prints the rest of the file).
// So the file is first checked line by line here, and every problem is reported by file, line
// number and what is wrong, never with any of the file's text beyond a variable's name.
func readDotenv(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if problems := checkDotenv(string(data)); len(problems) > 0 {
		errs := make([]error, len(problems))
		for i, p := range problems {
			errs[i] = fmt.Errorf("%s:%d: %s", path, p.line, p.what)
		}
		return nil, errors.Join(errs...)
	}
	vars, err := godotenv.Unmarshal(string(data))
	if err != nil {
		// checkDotenv accepts only what godotenv parses; should they ever disagree, say so without
		// godotenv's message, which may quote a value.
		return nil, fmt.Errorf("%s: cannot be parsed (the values are not shown, as they may be secret)", path)
	}
	return vars, nil
}

// dotenvProblem is a line of a .env file that cannot be read, and why, in words that quote none of
// the file's text.
type dotenvProblem struct {
	line int
	what string
}

// checkDotenv finds the statements godotenv would reject, and lines it would misread (a line with
// no "=" becomes a variable with an empty name). It follows godotenv's grammar: blank lines and
// "#" comments are skipped; a statement is [export] NAME=value or NAME: value, NAME made of
// letters, digits, "_" and "."; a value starting with a quote runs to the matching unescaped quote,
// possibly over several lines.
func checkDotenv(src string) []dotenvProblem {
	// godotenv ends an unquoted value at "\n" or a lone "\r" (after turning "\r\n" into "\n").
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n"), "\n")
	var out []dotenvProblem
	for i := 0; i < len(lines); i++ {
		line := strings.TrimLeft(lines[i], " \t\v\f\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, value, ok := splitDotenvLine(line)
		if !ok {
			out = append(out, dotenvProblem{i + 1, "not a NAME=value line (a name has only letters, digits, _ and .)"})
			continue
		}
		value = strings.TrimLeft(value, " \t\v\f\r")
		if value == "" || (value[0] != '"' && value[0] != '\'') {
			continue
		}
		end, rest, found := closingQuote(lines, i, value)
		if !found {
			out = append(out, dotenvProblem{i + 1, fmt.Sprintf("%s: the quoted value has no closing %s", name, quoteName(value[0]))})
			break // the rest of the file is inside the open quote
		}
		if rest = strings.TrimLeft(rest, " \t\v\f\r"); rest != "" && rest[0] != '#' {
			out = append(out, dotenvProblem{end + 1, fmt.Sprintf("%s: unexpected text after the closing quote", name)})
		}
		i = end
	}
	return out
}

// splitDotenvLine splits a statement into its name and the text after "=" or ":".
func splitDotenvLine(line string) (name, value string, ok bool) {
	if rest, found := strings.CutPrefix(line, "export"); found && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
		line = strings.TrimLeft(rest, " \t")
	}
	i := strings.IndexAny(line, "=:")
	if i < 0 {
		return "", "", false
	}
	name = strings.TrimRight(line[:i], " \t\v\f\r")
	if name == "" {
		return "", "", false
	}
	for _, r := range name {
		if !(r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return "", "", false
		}
	}
	return name, line[i+1:], true
}

// closingQuote finds where the quoted value starting on line start ends (the next occurrence of the
// opening quote not preceded by a backslash): the line's index and the text after the quote.
func closingQuote(lines []string, start int, value string) (int, string, bool) {
	q := value[0]
	text := value[1:]
	prev := value[0]
	for i := start; i < len(lines); i++ {
		if i > start {
			text = lines[i]
			prev = '\n'
		}
		for j := 0; j < len(text); j++ {
			if text[j] == q && prev != '\\' {
				return i, text[j+1:], true
			}
			prev = text[j]
		}
	}
	return 0, "", false
}

func quoteName(q byte) string {
	if q == '"' {
		return `double quote (")`
	}
	return `single quote (')`
}
