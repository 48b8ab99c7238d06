package llm

import (
	"context"
	"errors"
	"fmt"

	openai "github.com/sashabaranov/go-openai"
)

// Embed returns one vector per text, in the order of texts. Texts are sent batchSize per
// request (batchSize <= 0 means [DefaultEmbedBatchSize]; OpenAI accepts up to 2,048), one batch
// after another, each with its own timeout and retries. The reply to every batch is checked: one
// vector per input, each index present once, all vectors of the same length.
//
// An empty text is an error (the OpenAI API rejects it), reported before any request is made.
func (c *Client) Embed(ctx context.Context, model string, texts []string, batchSize int) ([][]float32, error) {
	if model == "" {
		return nil, errors.New("llm: embed: no model given")
	}
	for i, t := range texts {
		if t == "" {
			return nil, fmt.Errorf("llm: embed with model %q: text %d of %d is empty", model, i, len(texts))
		}
	}
	if batchSize <= 0 {
		batchSize = DefaultEmbedBatchSize
	}
	out := make([][]float32, len(texts))
	dims := 0
	for start := 0; start < len(texts); start += batchSize {
		end := min(start+batchSize, len(texts))
		batch := texts[start:end]
		op := fmt.Sprintf("embedding texts %d-%d of %d with model %q", start, end-1, len(texts), model)
		var resp openai.EmbeddingResponse
		err := c.do(ctx, op, nil, func(ctx context.Context, _ *attempt) error {
			actx, cancel := context.WithTimeoutCause(ctx, c.timeout, &timeoutError{timeout: c.timeout})
			defer cancel()
			var err error
			resp, err = c.api.CreateEmbeddings(actx, openai.EmbeddingRequestStrings{
				Input: batch,
				Model: openai.EmbeddingModel(model),
			})
			return attemptError(ctx, actx, err)
		})
		if err != nil {
			return nil, err
		}
		if err := place(out[start:end], resp.Data, &dims); err != nil {
			return nil, fmt.Errorf("llm: %s: bad reply: %w", op, err)
		}
	}
	return out, nil
}

// EmbedFunc returns Embed bound to a model and batch size, in the shape of an embedding function
// (for example retrieval's EmbedFunc).
func (c *Client) EmbedFunc(model string, batchSize int) func(ctx context.Context, texts []string) ([][]float32, error) {
	return func(ctx context.Context, texts []string) ([][]float32, error) {
		return c.Embed(ctx, model, texts, batchSize)
	}
}

// place puts each embedding of a reply at its index in dst, checking that every index is present
// once and that every vector has *dims dimensions (set by the first vector seen when 0).
func place(dst [][]float32, data []openai.Embedding, dims *int) error {
	if len(data) != len(dst) {
		return fmt.Errorf("the server returned %d embeddings for %d texts", len(data), len(dst))
	}
	for _, d := range data {
		if d.Index < 0 || d.Index >= len(dst) {
			return fmt.Errorf("embedding index %d is out of range [0, %d)", d.Index, len(dst))
		}
		if dst[d.Index] != nil {
			return fmt.Errorf("embedding index %d appears twice", d.Index)
		}
		if len(d.Embedding) == 0 {
			return fmt.Errorf("embedding %d is empty", d.Index)
		}
		if *dims == 0 {
			*dims = len(d.Embedding)
		}
		if len(d.Embedding) != *dims {
			return fmt.Errorf("embedding %d has %d dimensions, earlier ones %d", d.Index, len(d.Embedding), *dims)
		}
		dst[d.Index] = d.Embedding
	}
	return nil
}
