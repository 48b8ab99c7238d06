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
	b.WriteString(r.Summary() + "\n")
	for i, g := range r.Groups {
		fmt.Fprintf(&b, "\n%d. %s, last %s (%s)\n", i+1, g.Asked(), g.LastText(), g.Reasons())
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

// Summary is the report's first line, as the text report and the page show it, each count with its
// noun in the singular or the plural: "Since 2025-03-01 12:00 UTC: 23 questions, 21 unanswered, in 7
// groups.", "…: 1 question, 1 unanswered, in 1 group."
func (r Report) Summary() string {
	s := fmt.Sprintf("Since %s: %s, %d unanswered", r.SinceText(), count(r.Questions, "question", "questions"), r.Unanswered)
	if r.Unanswered > 0 {
		s += ", in " + count(len(r.Groups), "group", "groups")
	}
	return s + "."
}

// Asked says how often the group's questions were asked, as the text report and the page show it:
// "Asked 1 time", "Asked 6 times".
func (g Group) Asked() string { return "Asked " + count(g.Count, "time", "times") }

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

// count writes n with its noun, one when n is 1 and many otherwise: "1 question", "2 questions".
func count(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
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
