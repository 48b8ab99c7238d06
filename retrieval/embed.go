package retrieval

import (
	"context"
	"fmt"
	"hash/fnv"
	"maps"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/citebot/citebot/text"
)

// EmbedFunc turns a batch of texts into vectors, one per text, in order.
type EmbedFunc func(ctx context.Context, texts []string) ([][]float32, error)

// Embedder is a named embedding function. Model is part of the index's identity: changing it
// re-embeds everything.
type Embedder struct {
	Model string
	Embed EmbedFunc
	// BatchSize is how many texts go into one Embed call; <= 0 means 128.
	BatchSize int
	// Weight is the weight of the vector ranking in the fused ranking, against the keyword
	// ranking's 1 (see [Index.Search]): how far this embedder's nearest passages are to be trusted
	// beside the words they share with the query. <= 0 means [DefaultVectorWeight].
	Weight float64
}

// DefaultVectorWeight is [Embedder.Weight] when it is not set: that of a model's embeddings, which
// bridge paraphrases and languages that share no word. It was chosen in the project's first
// session (the keyword ranking alone found more than the offline vectors alone); no model's
// embeddings can be measured here.
const DefaultVectorWeight = 0.7

// offlineVectorWeight is the weight of [OfflineEmbedder]'s ranking. Its vectors hash the words and
// character trigrams a passage shares with the query, a second keyword ranking that forgives
// spelling but knows no meaning. Measured on the eight dev corpora (session 11), at 0.7 it cost
// right answers: 344 of 552 right at 0.7, 349 at 0.4 and 0.3, 354 at 0.2, 355 at 0.1, 351 with no
// vectors at all (chat-style: 60, 60, 60, 62, 63, 64 of 118); recall@5 was 491-498 at every weight.
// 0.2 is in the flat best stretch and keeps the vectors' tie-breaking for misspelt words.
const offlineVectorWeight = 0.2

// weight returns e's [Embedder.Weight], defaulted.
func (e Embedder) weight() float64 {
	if e.Weight <= 0 {
		return DefaultVectorWeight
	}
	return e.Weight
}

// OfflineDimensions is the vector size of [OfflineEmbedder].
const OfflineDimensions = 512

// OfflineEmbedder returns the default embedder: deterministic feature hashing of stemmed words,
// character trigrams and CJK bigrams into unit vectors. It needs no network and no model, works for
// English, Spanish and Chinese alike, and embeds thousands of passages a second on one core. It
// tokenises with the text layer's rules alone, never with a corpus's catalog or glossary, so that a
// vector depends only on its text and the model name (v2: the text layer's tokens; v3: and the days
// and months its ranges span).
func OfflineEmbedder() Embedder {
	lex := text.NewLexicon(nil, nil)
	return Embedder{
		Model:     fmt.Sprintf("offline-hash-v3-%d", OfflineDimensions),
		BatchSize: 256,
		Weight:    offlineVectorWeight,
		Embed: func(ctx context.Context, texts []string) ([][]float32, error) {
			out := make([][]float32, len(texts))
			for i, t := range texts {
				if i%64 == 0 && ctx.Err() != nil {
					return nil, ctx.Err()
				}
				out[i] = hashEmbed(lex, t)
			}
			return out, nil
		},
	}
}

// hashEmbed computes one offline embedding.
func hashEmbed(lex *text.Lexicon, s string) []float32 {
	v := make([]float32, OfflineDimensions)
	lang := text.DetectLanguage(s)
	add := func(feature string, w float32) {
		h := fnv.New64a()
		h.Write([]byte(feature))
		sum := h.Sum64()
		idx := sum % OfflineDimensions
		if sum>>63 == 1 {
			w = -w
		}
		v[idx] += w
	}
	counts := map[string]int{}
	for _, tok := range lex.Terms(s, lang) {
		counts[tok]++
	}
	// The days and months a range spans, as if the text listed them ("Tuesday to Sunday" is near
	// a question about Saturday; see text.Lexicon.SpannedTerms).
	for _, tok := range lex.SpannedTerms(s, lang) {
		counts[tok]++
	}
	// In a fixed order: float sums depend on it, and the same text must give the same vector.
	toks := slices.Sorted(maps.Keys(counts))
	for _, tok := range toks {
		n := counts[tok]
		w := float32(1 + math.Log(float64(n)))
		add("w:"+tok, w)
		// Character trigrams of Latin words make the vector tolerant of inflection and misspelling.
		if !strings.ContainsFunc(tok, text.IsHan) && utf8.RuneCountInString(tok) > 3 {
			r := []rune("^" + tok + "$")
			for i := 0; i+3 <= len(r); i++ {
				add("g:"+string(r[i:i+3]), 0.3*w)
			}
		}
	}
	return normalize(v)
}

// normalize scales v to unit length in place; a zero vector becomes the first basis vector so that
// every vector is a unit vector, as chromem-go requires.
func normalize(v []float32) []float32 {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 {
		v[0] = 1
		return v
	}
	inv := float32(1 / math.Sqrt(sum))
	for i := range v {
		v[i] *= inv
	}
	return v
}

// EmbedClient is what an OpenAI-compatible embedder needs from a model client (*llm.Client).
type EmbedClient interface {
	Embed(ctx context.Context, model string, texts []string, batchSize int) ([][]float32, error)
}

// OpenAIEmbedder embeds through an OpenAI-compatible /embeddings endpoint (OpenAI, Ollama, LM Studio,
// vLLM), batchSize inputs per request. The vectors are normalised to unit length.
func OpenAIEmbedder(client EmbedClient, model string, batchSize int) Embedder {
	if batchSize <= 0 {
		batchSize = 128
	}
	return Embedder{
		Model:     "openai:" + model,
		BatchSize: batchSize,
		Embed: func(ctx context.Context, texts []string) ([][]float32, error) {
			vecs, err := client.Embed(ctx, model, texts, batchSize)
			if err != nil {
				return nil, fmt.Errorf("embed %d texts with %s: %w", len(texts), model, err)
			}
			if len(vecs) != len(texts) {
				return nil, fmt.Errorf("embed with %s: got %d vectors for %d texts", model, len(vecs), len(texts))
			}
			for i := range vecs {
				if len(vecs[i]) == 0 {
					return nil, fmt.Errorf("embed with %s: empty vector for text %d", model, i)
				}
				vecs[i] = normalize(vecs[i])
			}
			return vecs, nil
		},
	}
}
