package gaps

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// timeLayout is how the text report shows times (always UTC).
const timeLayout = "2006-01-02 15:04 UTC"

// WriteText prints the report for people: each group's count, reasons and examples, then its
// closest passages, each with its file, place, title and quote, the names of its columns when it is
// a table row ("columns: Term · First week starts"), and its link.
func (r Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Since %s: %d %s, %d unanswered", r.Since.UTC().Format(timeLayout), r.Questions, plural(r.Questions, "question", "questions"), r.Unanswered)
	if r.Unanswered > 0 {
		fmt.Fprintf(&b, ", in %d %s", len(r.Groups), plural(len(r.Groups), "group", "groups"))
	}
	b.WriteString(".\n")
	for i, g := range r.Groups {
		fmt.Fprintf(&b, "\n%d. Asked %d %s, last %s (%s)\n", i+1, g.Count, plural(g.Count, "time", "times"),
			g.Last.UTC().Format(timeLayout), g.Reasons())
		for _, ex := range g.Examples {
			fmt.Fprintf(&b, "   • %s\n", oneLine(ex, 160))
		}
		if len(g.Closest) == 0 {
			continue
		}
		b.WriteString("   Closest passages:\n")
		for _, c := range g.Closest {
			title := ""
			if c.Title != "" && c.Title != c.File {
				title = " (" + oneLine(c.Title, 80) + ")"
			}
			fmt.Fprintf(&b, "   [%d] %s %s%s: “%s”\n", c.N, c.File, c.Where(c.Paragraph), title, oneLine(c.Quote, 160))
			// A table row's column names, as every surface shows them: context, not quoted.
			if cols := c.ColumnNames(); cols != "" {
				fmt.Fprintf(&b, "       columns: %s\n", oneLine(cols, 160))
			}
			fmt.Fprintf(&b, "       %s\n", c.URL)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Reasons says why the group's questions count as unanswered, e.g. "4 abstained, 1 👎".
func (g Group) Reasons() string {
	var parts []string
	if g.Abstained > 0 {
		parts = append(parts, fmt.Sprintf("%d abstained", g.Abstained))
	}
	if g.Unverified > 0 {
		parts = append(parts, fmt.Sprintf("%d unverified", g.Unverified))
	}
	if g.Disliked > 0 {
		parts = append(parts, fmt.Sprintf("%d 👎", g.Disliked))
	}
	return strings.Join(parts, ", ")
}

// LastText is Last as the text report and the page show it.
func (g Group) LastText() string { return g.Last.UTC().Format(timeLayout) }

// SinceText is Since as the text report and the page show it.
func (r Report) SinceText() string { return r.Since.UTC().Format(timeLayout) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// oneLine flattens s to one line of at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if rs := []rune(s); len(rs) > n {
		return string(rs[:n-1]) + "…"
	}
	return s
}

// ParseSince reads a --since value relative to now: a number of days ("7d"), weeks ("2w"), a Go
// duration ("36h", "90m"), or a date ("2025-03-01", from midnight UTC).
func ParseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	for unit, d := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if num, ok := strings.CutSuffix(s, unit); ok {
			var n int
			if _, err := fmt.Sscanf(num, "%d", &n); err == nil && fmt.Sprint(n) == num && n > 0 {
				return now.Add(-time.Duration(n) * d), nil
			}
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%q is not a period such as 7d, 2w or 36h, nor a date such as 2025-03-01", s)
}
