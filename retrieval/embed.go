package retrieval

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
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
}

// OfflineDimensions is the vector size of [OfflineEmbedder].
const OfflineDimensions = 512

// OfflineEmbedder returns the default embedder: deterministic feature hashing of stemmed words,
// character trigrams and CJK bigrams into unit vectors. It needs no network and no model, works for
// English, Spanish and Chinese alike, and embeds thousands of passages a second on one core. It
// tokenises with the text layer's rules alone, never with a corpus's catalog or glossary, so that a
// vector depends only on its text and the model name (v2: the text layer's tokens).
func OfflineEmbedder() Embedder {
	lex := text.NewLexicon(nil, nil)
	return Embedder{
		Model:     fmt.Sprintf("offline-hash-v2-%d", OfflineDimensions),
		BatchSize: 256,
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
	for tok, n := range counts {
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
