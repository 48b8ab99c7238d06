package text

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CatalogFile is the name of the platform catalog inside a corpus folder.
const CatalogFile = "platforms.json"

// Platform is one entry of the catalog: a canonical name and every other name it goes by.
type Platform struct {
	Name    string   `json:"name"`
	Kind    string   `json:"kind,omitempty"`
	Aliases []string `json:"aliases"`
}

// Names returns the canonical name followed by the aliases.
func (p Platform) Names() []string { return append([]string{p.Name}, p.Aliases...) }

// Catalog knows the platforms of the corpus and finds them in text by any of their names, in any
// language and in the corpus's mistranslations. It is immutable and safe for concurrent use.
type Catalog struct {
	platforms []Platform
	byName    map[string]int // folded name or alias -> index in platforms
	matchers  []aliasMatcher // longest alias first
}

type aliasMatcher struct {
	folded   string // lower-cased alias, same byte length as the text it matches
	platform int
	han      bool // starts with a Han character: matched anywhere; others on word boundaries
}

// Mention is one occurrence of a platform name in a text.
type Mention struct {
	// Platform is the canonical name.
	Platform string
	// Start and End are the byte span of the alias in the text.
	Start, End int
}

// ParseCatalog reads a catalog in the platforms.json format.
func ParseCatalog(data []byte) (*Catalog, error) {
	var doc struct {
		Platforms []Platform `json:"platforms"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parse platform catalog: %w", err)
	}
	return NewCatalog(doc.Platforms)
}

// LoadCatalog reads platforms.json from the root of fsys.
func LoadCatalog(fsys fs.FS) (*Catalog, error) {
	data, err := fs.ReadFile(fsys, CatalogFile)
	if err != nil {
		return nil, fmt.Errorf("read platform catalog: %w", err)
	}
	return ParseCatalog(data)
}

// NewCatalog builds a catalog. Names and aliases must be unique across platforms (case-insensitive).
func NewCatalog(platforms []Platform) (*Catalog, error) {
	c := &Catalog{byName: map[string]int{}}
	var errs []error
	for i, p := range platforms {
		p.Name = strings.TrimSpace(p.Name)
		if p.Name == "" {
			errs = append(errs, fmt.Errorf("platform %d has no name", i+1))
			continue
		}
		idx := len(c.platforms)
		c.platforms = append(c.platforms, p)
		for _, name := range p.Names() {
			f := foldName(name)
			if f == "" {
				continue
			}
			if other, dup := c.byName[f]; dup {
				if other != idx {
					errs = append(errs, fmt.Errorf("name %q belongs to both %s and %s", name, c.platforms[other].Name, p.Name))
				}
				continue
			}
			c.byName[f] = idx
			first, _ := utf8.DecodeRuneInString(f)
			c.matchers = append(c.matchers, aliasMatcher{folded: f, platform: idx, han: IsHan(first)})
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("platform catalog: %w", err)
	}
	sort.SliceStable(c.matchers, func(i, j int) bool { return len(c.matchers[i].folded) > len(c.matchers[j].folded) })
	return c, nil
}

// Platforms returns the catalog's platforms in catalog order.
func (c *Catalog) Platforms() []Platform {
	if c == nil {
		return nil
	}
	return append([]Platform(nil), c.platforms...)
}

// Lookup finds a platform by its name or any alias, ignoring case and surrounding space.
func (c *Catalog) Lookup(nameOrAlias string) (Platform, bool) {
	if c == nil {
		return Platform{}, false
	}
	i, ok := c.byName[foldName(nameOrAlias)]
	if !ok {
		return Platform{}, false
	}
	return c.platforms[i], true
}

// Find returns every platform name in text, in text order. Longer aliases are matched first and
// consume their span, so "Taobao Mall" names Tmall and not also Taobao. Latin aliases match whole
// words (a Han character counts as a boundary, so "PDD的增长" names Pinduoduo); Han aliases match
// anywhere.
func (c *Catalog) Find(text string) []Mention {
	if c == nil || len(c.matchers) == 0 {
		return nil
	}
	lower := foldKeepLength(text)
	var used []bool
	var out []Mention
	for _, m := range c.matchers {
		for from := 0; from < len(lower); {
			i := strings.Index(lower[from:], m.folded)
			if i < 0 {
				break
			}
			start, end := from+i, from+i+len(m.folded)
			from = start + 1
			if !m.han && !(boundaryBefore(lower, start) && boundaryAfter(lower, end)) {
				continue
			}
			if used == nil {
				used = make([]bool, len(lower))
			}
			if anyTrue(used[start:end]) {
				continue
			}
			for k := start; k < end; k++ {
				used[k] = true
			}
			out = append(out, Mention{Platform: c.platforms[m.platform].Name, Start: start, End: end})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// Mentions returns the platforms that text names by any alias, in catalog order, each once.
func (c *Catalog) Mentions(text string) []Platform {
	found := map[string]bool{}
	for _, m := range c.Find(text) {
		found[m.Platform] = true
	}
	var out []Platform
	for _, p := range c.Platforms() {
		if found[p.Name] {
			out = append(out, p)
		}
	}
	return out
}

// Names returns the canonical names of the platforms text names, in order of first mention.
func (c *Catalog) Names(text string) []string { return mentionedNames(c.Find(text)) }

// NamesAndStrip returns what [Catalog.Names] and [Catalog.Strip] return for text, finding its
// platform names once.
func (c *Catalog) NamesAndStrip(text string) (names []string, stripped string) {
	ms := c.Find(text)
	return mentionedNames(ms), strip(text, ms)
}

// mentionedNames returns the canonical names of mentions ms, in order, each once.
func mentionedNames(ms []Mention) []string {
	var out []string
	for _, m := range ms {
		if !contains(out, m.Platform) {
			out = append(out, m.Platform)
		}
	}
	return out
}

// Expansion returns the canonical names of the platforms text mentions, each after a space, for
// adding to text that is indexed or searched so that every alias meets every other.
func (c *Catalog) Expansion(text string) string {
	var b strings.Builder
	for _, p := range c.Mentions(text) {
		b.WriteString(" ")
		b.WriteString(p.Name)
	}
	return b.String()
}

// Strip returns text with every platform name replaced by a space, so that the words of an alias
// ("A lot of spelling") do not count as content words.
func (c *Catalog) Strip(text string) string { return strip(text, c.Find(text)) }

// strip returns text with its mentions ms, in order, replaced by a space each.
func strip(text string, ms []Mention) string {
	if len(ms) == 0 {
		return text
	}
	var b strings.Builder
	prev := 0
	for _, m := range ms {
		b.WriteString(text[prev:m.Start])
		b.WriteString(" ")
		prev = m.End
	}
	b.WriteString(text[prev:])
	return b.String()
}

func anyTrue(bs []bool) bool {
	for _, b := range bs {
		if b {
			return true
		}
	}
	return false
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func boundaryBefore(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !isWordRune(r)
}

func boundaryAfter(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !isWordRune(r)
}

// foldName lower-cases a name and collapses its white space, for lookups.
func foldName(s string) string { return foldKeepLength(strings.Join(strings.Fields(s), " ")) }

// foldKeepLength lower-cases s where that keeps every character's byte length, and folds its
// traditional Chinese characters to simplified ones (see [Simplify]: 淘寶 names Taobao), so that
// offsets into the result are offsets into s.
func foldKeepLength(s string) string {
	s = Simplify(s)
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if l := unicode.ToLower(r); r != utf8.RuneError && utf8.RuneLen(l) == size {
			b.WriteRune(l)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
