package retrieval

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"github.com/citebot/citebot/text"
)

// derived is what indexing derives from one file; it is reused as long as the file's bytes and
// title, the catalog, the glossary and [derivationVersion] are unchanged.
type derived struct {
	passages []Passage
	keys     []VectorKey   // per passage
	texts    []string      // per passage, what is embedded; nil when reused (never embedded again)
	terms    [][]termCount // per passage, its keyword terms
	lengths  []int32       // per passage, its number of terms
	named    [][]string    // per passage, the platforms it names
	analysis text.Doc      // the text layer's sentence analysis of the file
}

// derive analyses and chunks one document and computes its passages' keys and terms.
func (o *opener) derive(d *Document) derived {
	out := derived{passages: chunkDocument(d), analysis: analyze(d, o.lex)}
	lang := out.analysis.Lang
	title := titleTerms(d.Title, o.lex, lang)
	for _, p := range out.passages {
		t := indexText(p, o.lex, lang)
		toks := o.lex.Terms(t, lang)
		if p.Heading != p.Title {
			toks = append(toks, title...)
		}
		// The days and months a range spans match as if the passage listed them, but are not
		// counted in its length (see text.Lexicon.SpannedTerms).
		n := len(toks)
		toks = append(toks, o.lex.SpannedTerms(t, lang)...)
		out.keys = append(out.keys, vectorKeyOf(o.cfg.Embedder.Model, t))
		out.texts = append(out.texts, t)
		out.terms = append(out.terms, countTerms(toks))
		out.lengths = append(out.lengths, int32(n))
		out.named = append(out.named, platformNames(o.lex.Catalog().Mentions(p.Text)))
	}
	return out
}

// persistence is where an update keeps vectors: the chromem-go store, and the store of an older
// citebot to migrate from.
type persistence struct {
	store  *vectorStore
	legacy *legacyStore
}

// build derives the index of in: from prev where files are unchanged (see [opener.splice]), the
// rest anew; vectors from prev, then the store, and only the rest from the embedder. With
// persistence, new vectors are stored as they arrive and vectors no passage uses any more are
// removed.
func (o *opener) build(ctx context.Context, in inputs, prev *snapshot, ps *persistence) (*snapshot, IndexStats, error) {
	s := &snapshot{format: snapshotFormat, derivation: derivationVersion, model: o.cfg.Embedder.Model, key: in.key, created: time.Now().UTC(),
		lexicon: o.lexicon, docs: in.docs, docHash: in.hashes, failures: in.failures, failKey: in.failKey, files: in.files}
	if prev != nil {
		s.others = prev.others // what other identities could not open, kept while still true
	}
	var passageKeys []VectorKey
	texts := map[VectorKey]string{} // what to embed for keys that may be missing
	if sp := o.spliceable(prev); sp != nil {
		passageKeys = o.splice(s, in, sp, texts)
	} else {
		passageKeys = o.deriveAll(s, in, texts)
	}
	// Found over every document, since a name one defines serves questions about all of them;
	// here rather than at the first search, which a process that only searches would wait on.
	s.names = o.lex.DefinedNames(documentParagraphs(s.docs))
	// Likewise the words written with a hyphen, which a query typed closed is respelt to.
	s.pairs = hyphenPairs(s.passages)
	keys := slices.Clone(passageKeys)
	slices.SortFunc(keys, compareKeys)
	keys = slices.Compact(keys)
	var prevVectors *flatVectors
	if prev != nil {
		prevVectors = prev.vectors
	}
	rows, fresh, stats, err := o.vectorsFor(ctx, keys, texts, prevVectors, ps)
	if err != nil {
		return nil, stats, err
	}
	if s.vectors, err = spliceVectors(keys, prevVectors, rows, fresh); err != nil {
		return nil, stats, err
	}
	s.passageRow = make([]int32, len(passageKeys))
	for i, k := range passageKeys {
		r, _ := sortedIndex(keys, k)
		s.passageRow[i] = int32(r)
	}
	stats.Files, stats.Chunks = len(s.docs), len(s.passages)
	if ps != nil {
		if stats.Removed, err = o.removeStale(ctx, keys, prev, ps, s.vectors.dim); err != nil {
			return nil, stats, err
		}
	}
	return s, stats, nil
}

// deriveAll derives every document of in into s (passages, platforms, analysis, keyword index)
// and returns the vector key of every passage, noting in texts what each embeds.
func (o *opener) deriveAll(s *snapshot, in inputs, texts map[VectorKey]string) []VectorKey {
	analysis := make([]text.Doc, len(in.docs))
	s.analysis = func() ([]text.Doc, error) { return analysis, nil }
	var terms [][]termCount
	var lengths []int32
	var passageKeys []VectorKey
	for i, doc := range in.docs {
		d := o.derive(doc)
		analysis[i] = d.analysis
		s.passages = append(s.passages, d.passages...)
		passageKeys = append(passageKeys, d.keys...)
		terms = append(terms, d.terms...)
		lengths = append(lengths, d.lengths...)
		s.platforms = append(s.platforms, d.named...)
		for j, t := range d.texts {
			texts[d.keys[j]] = t
		}
	}
	s.keyword = buildKeywordIndex(terms, lengths)
	return passageKeys
}

// rebase points reused passages at the document as read now (the same bytes; a PDF's pages as
// they are now), appending them to out.
func rebase(out, ps []Passage, d *Document) []Passage {
	for _, p := range ps {
		p.File, p.Title, p.Text = d.File, d.Title, d.Text[p.StartByte:p.EndByte]
		p.PageSpan = d.pageSpan(p.Paragraph)
		out = append(out, p)
	}
	return out
}

// vectorsFor finds the vector of every key (sorted): rows[i] is prev's row of keys[i], or -1 when
// prev lacks it, and then fresh holds it, from the store or embedded (and then stored, batch by
// batch, after the journal names them).
func (o *opener) vectorsFor(ctx context.Context, keys []VectorKey, texts map[VectorKey]string, prev *flatVectors, ps *persistence) ([]int, map[VectorKey][]float32, IndexStats, error) {
	var stats IndexStats
	rows := prevRows(keys, prev)
	fresh := map[VectorKey][]float32{}
	var missing []VectorKey
	for i, k := range keys {
		if rows[i] < 0 {
			missing = append(missing, k)
		}
	}
	if ps != nil && len(missing) > 0 {
		found, err := ps.store.get(ctx, missing)
		if err != nil {
			return nil, nil, stats, err
		}
		missing = takeFound(missing, found, fresh)
	}
	if ps != nil && len(missing) > 0 {
		// Name every vector this run may store before storing any, so that a run killed from here
		// on leaves nothing the next one cannot find and remove if it is no longer needed.
		if err := ps.store.writeJournal(missing); err != nil {
			return nil, nil, stats, err
		}
		if ps.legacy != nil {
			found := ps.legacy.get(ctx, missing)
			ks, vs := entries(found)
			if err := ps.store.put(ctx, ks, vs); err != nil {
				return nil, nil, stats, err
			}
			missing = takeFound(missing, found, fresh)
		}
	}
	embedded, err := o.embed(ctx, missing, texts, ps, fresh)
	stats.Embedded = embedded
	stats.Reused = len(keys) - len(missing)
	return rows, fresh, stats, err
}

// prevRows returns, for each of keys (sorted), its row in prev, or -1: one walk of both sorted
// key lists.
func prevRows(keys []VectorKey, prev *flatVectors) []int {
	rows := make([]int, len(keys))
	var have []VectorKey
	if prev != nil {
		have = prev.keys
	}
	j := 0
	for i, k := range keys {
		for j < len(have) && compareKeys(have[j], k) < 0 {
			j++
		}
		rows[i] = -1
		if j < len(have) && have[j] == k {
			rows[i] = j
		}
	}
	return rows
}

func takeFound(missing []VectorKey, found map[VectorKey][]float32, out map[VectorKey][]float32) []VectorKey {
	rest := missing[:0]
	for _, k := range missing {
		if v, ok := found[k]; ok {
			out[k] = v
		} else {
			rest = append(rest, k)
		}
	}
	return rest
}

// entries returns m's keys and values, in matching order.
func entries(m map[VectorKey][]float32) ([]VectorKey, [][]float32) {
	ks := make([]VectorKey, 0, len(m))
	vs := make([][]float32, 0, len(m))
	for k, v := range m {
		ks = append(ks, k)
		vs = append(vs, v)
	}
	return ks, vs
}

// embed embeds the texts of keys in batches, storing each batch before the next is asked for, so
// that a run killed at any point has lost at most the batch in flight.
func (o *opener) embed(ctx context.Context, keys []VectorKey, texts map[VectorKey]string, ps *persistence, out map[VectorKey][]float32) (int, error) {
	emb := o.cfg.Embedder
	batch := emb.BatchSize
	if batch <= 0 {
		batch = 128
	}
	done := 0
	for start := 0; start < len(keys); start += batch {
		ks := keys[start:min(start+batch, len(keys))]
		in := make([]string, len(ks))
		for i, k := range ks {
			t, ok := texts[k]
			if !ok {
				return done, fmt.Errorf("embed passages: no text for vector %s (the previous snapshot is damaged; delete it and run again)", k)
			}
			in[i] = t
		}
		vecs, err := emb.Embed(ctx, in)
		if err != nil {
			return done, fmt.Errorf("embed passages %d-%d of %d: %w", start+1, start+len(ks), len(keys), err)
		}
		if len(vecs) != len(ks) {
			return done, fmt.Errorf("embed passages: got %d vectors for %d texts", len(vecs), len(ks))
		}
		if ps != nil {
			if err := ps.store.put(ctx, ks, vecs); err != nil {
				return done, err
			}
		}
		for i, k := range ks {
			out[k] = vecs[i]
		}
		done += len(ks)
	}
	return done, nil
}

// removeStale removes from the store the vectors no passage uses any more: those of the previous
// snapshot and of the journal (vectors a killed run stored) that keys lacks. Without a previous
// snapshot to say what the store holds, every shard is listed.
func (o *opener) removeStale(ctx context.Context, keys []VectorKey, prev *snapshot, ps *persistence, dim int) (int, error) {
	var candidates []VectorKey
	if prev != nil {
		candidates = append(candidates, prev.vectors.keys...)
	} else {
		all, err := ps.store.keys(ctx, dim)
		if err != nil {
			return 0, err
		}
		candidates = all
	}
	journal, err := ps.store.readJournal()
	if err != nil {
		o.logger.Warn("embeddings journal unreadable; listing the whole store instead", "err", err)
		if journal, err = ps.store.keys(ctx, dim); err != nil {
			return 0, err
		}
	}
	candidates = append(candidates, journal...)
	var stale []VectorKey
	for _, k := range candidates {
		if _, ok := sortedIndex(keys, k); !ok {
			stale = append(stale, k)
		}
	}
	if stale, err = o.unshared(stale); err != nil {
		o.logger.Warn("vectors no longer used are kept: the index of another corpus in the data folder cannot be read", "err", err)
		return 0, nil
	}
	sort.Slice(stale, func(i, j int) bool { return compareKeys(stale[i], stale[j]) < 0 })
	return ps.store.remove(ctx, slices.Compact(stale))
}

// unshared returns the keys of stale that no other index kept in the data folder uses (see
// [IndexDir]): the store is theirs too.
func (o *opener) unshared(stale []VectorKey) ([]VectorKey, error) {
	others := indexesIn(o.cfg.DataDir, filepath.Join(o.dir, snapshotFile))
	if len(others) == 0 || len(stale) == 0 {
		return stale, nil
	}
	use, err := useOf(others)
	if err != nil {
		return nil, err
	}
	model := o.cfg.Embedder.Model
	return slices.DeleteFunc(stale, func(k VectorKey) bool { return use.uses(model, k) }), nil
}

// analyze runs the text layer's sentence analysis over one document.
func analyze(d *Document, lex *text.Lexicon) text.Doc {
	spans := make([]text.Span, len(d.Paragraphs))
	for i, p := range d.Paragraphs {
		spans[i] = text.Span{Start: p.StartByte, End: p.EndByte}
	}
	return text.Analyze(d.File, d.Text, spans, d.literal, lex)
}

// platformNames returns the canonical names of ps (nil for none).
func platformNames(ps []text.Platform) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

// hyphenPairs finds the words the passages write as two joined by a hyphen (see
// [text.NewHyphenPairs]).
func hyphenPairs(passages []Passage) *text.HyphenPairs {
	return text.NewHyphenPairs(func(yield func(string) bool) {
		for _, p := range passages {
			if !yield(p.Text) {
				return
			}
		}
	})
}
