package retrieval

import (
	"context"
	"fmt"
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
		out.keys = append(out.keys, vectorKeyOf(o.cfg.Embedder.Model, t))
		out.texts = append(out.texts, t)
		out.terms = append(out.terms, countTerms(toks))
		out.lengths = append(out.lengths, int32(len(toks)))
		out.named = append(out.named, platformNames(o.lex.Catalog().Mentions(p.Text)))
	}
	return out
}

// reusable returns, per file, what prev derived from the same bytes, when prev was derived the same
// way (same derivation, model, catalog and glossary).
func (o *opener) reusable(prev *snapshot) map[string]derived {
	if prev == nil || prev.derivation != derivationVersion || string(prev.lexicon) != string(o.lexicon) {
		return nil
	}
	analysis, err := prev.analysis()
	if err != nil {
		o.logger.Warn("the last snapshot's analysis is unreadable; analysing every file again", "err", err)
		return nil
	}
	forward := prev.keyword.forward()
	out := make(map[string]derived, len(prev.docs))
	byFile := make(map[string]int, len(prev.docs))
	for i, d := range prev.docs {
		byFile[d.File] = i
		out[d.File] = derived{analysis: analysis[i]}
	}
	for i, p := range prev.passages {
		d := out[p.File]
		d.passages = append(d.passages, p)
		d.keys = append(d.keys, prev.vectors.keys[prev.passageRow[i]])
		d.terms = append(d.terms, forward[i])
		d.lengths = append(d.lengths, prev.keyword.lengths[i])
		d.named = append(d.named, prev.platforms[i])
		out[p.File] = d
	}
	// Key the reuse by content: a file is reused only with the bytes and the title it had (a title
	// decides whether a heading is indexed with its passages).
	for file, i := range byFile {
		d := out[file]
		d.texts = nil
		out[reuseKey(prev.docs[i], prev.docHash[i])] = d
		delete(out, file)
	}
	return out
}

func reuseKey(d *Document, hash [32]byte) string {
	return d.File + "\x00" + d.Title + "\x00" + string(hash[:])
}

// persistence is where an update keeps vectors: the chromem-go store, and the store of an older
// citebot to migrate from.
type persistence struct {
	store  *vectorStore
	legacy *legacyStore
}

// build derives the index of in: from prev where files are unchanged, the rest anew; vectors from
// prev, then the store, and only the rest from the embedder. With persistence, new vectors are
// stored as they arrive and vectors no passage uses any more are removed.
func (o *opener) build(ctx context.Context, in inputs, prev *snapshot, ps *persistence) (*snapshot, IndexStats, error) {
	reuse := o.reusable(prev)
	s := &snapshot{format: snapshotFormat, derivation: derivationVersion, model: o.cfg.Embedder.Model, key: in.key, created: time.Now().UTC(),
		lexicon: o.lexicon, docs: in.docs, docHash: in.hashes, failures: in.failures, failKey: in.failKey}
	analysis := make([]text.Doc, len(in.docs))
	s.analysis = func() ([]text.Doc, error) { return analysis, nil }
	var terms [][]termCount
	var lengths []int32
	var passageKeys []VectorKey
	texts := map[VectorKey]string{} // what to embed for keys that may be missing
	for i, doc := range in.docs {
		d, ok := reuse[reuseKey(doc, in.hashes[i])]
		if ok {
			d.passages = rebase(d.passages, doc)
		} else {
			d = o.derive(doc)
		}
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

	keys := slices.Clone(passageKeys)
	slices.SortFunc(keys, compareKeys)
	keys = slices.Compact(keys)
	vecs, stats, err := o.vectorsFor(ctx, keys, texts, prev, ps)
	if err != nil {
		return nil, stats, err
	}
	dim := 0
	for i, k := range keys {
		if i == 0 {
			dim = len(vecs[k])
		}
		if len(vecs[k]) != dim {
			return nil, stats, fmt.Errorf("vector %s has %d dimensions, others %d", k, len(vecs[k]), dim)
		}
	}
	s.vectors = packVectors(dim, keys, func(i int) []float32 { return vecs[keys[i]] })
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

// rebase points reused passages at the document as read now (the same bytes; a PDF's pages as
// they are now).
func rebase(ps []Passage, d *Document) []Passage {
	out := make([]Passage, len(ps))
	for i, p := range ps {
		p.File, p.Title, p.Text = d.File, d.Title, d.Text[p.StartByte:p.EndByte]
		p.PageSpan = d.pageSpan(p.Paragraph)
		out[i] = p
	}
	return out
}

// vectorsFor returns the vector of every key: from prev, from the store, or embedded (and then
// stored, batch by batch, after the journal names them).
func (o *opener) vectorsFor(ctx context.Context, keys []VectorKey, texts map[VectorKey]string, prev *snapshot, ps *persistence) (map[VectorKey][]float32, IndexStats, error) {
	var stats IndexStats
	out := make(map[VectorKey][]float32, len(keys))
	var missing []VectorKey
	for _, k := range keys {
		if prev != nil {
			if r := prev.vectors.row(k); r >= 0 {
				out[k] = prev.vectors.vector(r)
				continue
			}
		}
		missing = append(missing, k)
	}
	if ps != nil && len(missing) > 0 {
		found, err := ps.store.get(ctx, missing)
		if err != nil {
			return nil, stats, err
		}
		missing = takeFound(missing, found, out)
	}
	if ps != nil && len(missing) > 0 {
		// Name every vector this run may store before storing any, so that a run killed from here
		// on leaves nothing the next one cannot find and remove if it is no longer needed.
		if err := ps.store.writeJournal(missing); err != nil {
			return nil, stats, err
		}
		if ps.legacy != nil {
			found := ps.legacy.get(ctx, missing)
			ks, vs := entries(found)
			if err := ps.store.put(ctx, ks, vs); err != nil {
				return nil, stats, err
			}
			missing = takeFound(missing, found, out)
		}
	}
	embedded, err := o.embed(ctx, missing, texts, ps, out)
	stats.Embedded = embedded
	stats.Reused = len(keys) - len(missing)
	return out, stats, err
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
	sort.Slice(stale, func(i, j int) bool { return compareKeys(stale[i], stale[j]) < 0 })
	return ps.store.remove(ctx, slices.Compact(stale))
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
