package retrieval

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
// language and in the corpus's mistranslations.
type Catalog struct {
	platforms []Platform
	byName    map[string]int // folded name or alias -> index in platforms
	matchers  []aliasMatcher // longest alias first
}

type aliasMatcher struct {
	folded   string // lowercased alias
	platform int
	cjk      bool // matched as a substring; Latin aliases match whole words only
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

// LoadCatalog reads platforms.json from the root of fsys, with the care of [LoadCorpus] (no link
// out of the folder, regular files only). A folder without one gives an error wrapping
// [fs.ErrNotExist].
func LoadCatalog(fsys fs.FS) (*Catalog, error) {
	data, err := corpusReader{fsys: fsys, max: DefaultMaxFileBytes}.readFile(CatalogFile)
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
			f := fold(name)
			if f == "" {
				continue
			}
			if other, dup := c.byName[f]; dup && other != idx {
				errs = append(errs, fmt.Errorf("name %q belongs to both %s and %s", name, c.platforms[other].Name, p.Name))
				continue
			}
			c.byName[f] = idx
			c.matchers = append(c.matchers, aliasMatcher{folded: f, platform: idx, cjk: strings.IndexFunc(f, isHan) >= 0})
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
	i, ok := c.byName[fold(nameOrAlias)]
	if !ok {
		return Platform{}, false
	}
	return c.platforms[i], true
}

// Mentions returns the platforms that text names by any alias, in catalog order, each once.
func (c *Catalog) Mentions(text string) []Platform {
	if c == nil {
		return nil
	}
	found := c.mentioned(text)
	var out []Platform
	for i, p := range c.platforms {
		if found[i] {
			out = append(out, p)
		}
	}
	return out
}

// mentioned marks which platforms text names. Longer aliases are matched first and consume their
// span, so "Taobao Mall" counts for Tmall and not also for Taobao.
func (c *Catalog) mentioned(text string) map[int]bool {
	lower := strings.ToLower(text)
	used := make([]bool, len(lower))
	found := map[int]bool{}
	for _, m := range c.matchers {
		from := 0
		for from < len(lower) {
			i := strings.Index(lower[from:], m.folded)
			if i < 0 {
				break
			}
			start, end := from+i, from+i+len(m.folded)
			from = start + 1
			if !m.cjk && !(wordBoundaryBefore(lower, start) && wordBoundaryAfter(lower, end)) {
				continue
			}
			if anyTrue(used[start:end]) {
				continue
			}
			for k := start; k < end; k++ {
				used[k] = true
			}
			found[m.platform] = true
		}
	}
	return found
}

// expansion returns the canonical names of the platforms text mentions, lowercased, for adding to
// the text that is indexed or searched so that every alias meets every other.
func (c *Catalog) expansion(text string) string {
	if c == nil {
		return ""
	}
	var b strings.Builder
	for _, p := range c.Mentions(text) {
		b.WriteString(" ")
		b.WriteString(p.Name)
	}
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

func wordBoundaryBefore(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

func wordBoundaryAfter(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
